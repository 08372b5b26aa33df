package dev.voltstream.broker.config.dynamic;

import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.BOOLEAN;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.DOUBLE;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.INT;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.LIST;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.LONG;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.PASSWORD;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.STRING;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.UNKNOWN;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * The broker configs this broker knows. The broker synonyms of topic configs ({@code log.retention.ms}, ...), the
 * replication throttles and the log cleaner's settings are the dynamic ones: they can be changed at runtime per broker
 * or as a cluster default, as in Kafka. The others are read from {@code server.properties} at start.
 */
public final class BrokerConfigCatalog {
    /** Per-synonym defaults where a broker name differs from its topic config (unit or "no default"). */
    private static final Map<String, String> SYNONYM_DEFAULTS = synonymDefaults();
    private static final Map<String, ConfigKey> KEYS = build();
    /** Kafka's {@code LogCleaner.ReconfigurableConfigs} (its {@code message.max.bytes} is a topic synonym here). */
    private static final Set<String> CLEANER_RECONFIGURABLE = Set.of("log.cleaner.threads",
            "log.cleaner.dedupe.buffer.size", "log.cleaner.io.buffer.load.factor", "log.cleaner.io.buffer.size",
            "log.cleaner.io.max.bytes.per.second", "log.cleaner.backoff.ms");
    private static final Set<String> DYNAMIC = dynamicNames();

    private BrokerConfigCatalog() {
    }

    public static Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    public static Collection<ConfigKey> all() {
        return KEYS.values();
    }

    /** Whether the name can be set through AlterConfigs (a known static name cannot; unknown names can, as Kafka). */
    public static boolean isDynamic(String name) {
        return DYNAMIC.contains(name) || !KEYS.containsKey(name);
    }

    /** Passwords and secrets are never shown (Kafka's PASSWORD type). */
    public static boolean isSensitive(String name) {
        String n = name.toLowerCase();
        return n.contains("password") || n.contains(".secret") || n.endsWith("jaas.config")
                || key(name).map(k -> k.type() == PASSWORD).orElse(false);
    }

    /** Converts a value of an {@code *.hours} / {@code *.minutes} broker config to the milliseconds topics use. */
    static long toMillis(String brokerName, long value) {
        if (brokerName.endsWith(".hours")) {
            return value * 60 * 60 * 1000;
        }
        if (brokerName.endsWith(".minutes")) {
            return value * 60 * 1000;
        }
        return value;
    }

    private static Map<String, ConfigKey> build() {
        Map<String, ConfigKey> keys = new TreeMap<>();
        for (ConfigKey topicKey : TopicConfigCatalog.all()) {
            for (String synonym : topicKey.brokerSynonyms()) {
                ConfigType type = synonym.endsWith(".hours") || synonym.endsWith(".minutes") ? INT : topicKey.type();
                String defaultValue = SYNONYM_DEFAULTS.containsKey(synonym) ? SYNONYM_DEFAULTS.get(synonym)
                        : topicKey.defaultValue();
                keys.put(synonym, new ConfigKey(synonym, type, defaultValue, topicKey.documentation(), List.of()));
            }
        }
        String cpus = Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors()));
        add(keys, "node.id", INT, "-1", "The node id of this broker.");
        add(keys, "leader.replication.throttled.rate", LONG, Long.toString(Long.MAX_VALUE), "Bytes per second this "
                + "broker sends, as leader, to the out-of-sync replicas its topics' leader.replication.throttled.replicas "
                + "list (KIP-73; kafka-reassign-partitions.sh --throttle sets it).");
        add(keys, "follower.replication.throttled.rate", LONG, Long.toString(Long.MAX_VALUE), "Bytes per second this "
                + "broker fetches, as an out-of-sync follower, for the replicas its topics' "
                + "follower.replication.throttled.replicas list (KIP-73).");
        add(keys, "broker.id", INT, "-1", "The broker id (an alias of node.id).");
        add(keys, "listeners", LIST, "PLAINTEXT://localhost:9092", "The listeners the broker accepts clients on.");
        add(keys, "advertised.listeners", LIST, null, "The listeners published to clients, if not listeners.");
        add(keys, "log.dirs", LIST, null, "The directories the log data is kept in.");
        add(keys, "log.dir", STRING, "/tmp/voltstream-logs", "The log directory when log.dirs is not set.");
        add(keys, "broker.rack", STRING, null, "The rack of the broker.");
        add(keys, "num.partitions", INT, "1", "The default number of partitions per topic.");
        add(keys, "default.replication.factor", INT, "1", "The default replication factor of new topics.");
        add(keys, "auto.create.topics.enable", BOOLEAN, "true", "Enable auto creation of topics.");
        add(keys, "delete.topic.enable", BOOLEAN, "true", "Enable topic deletion.");
        add(keys, "socket.request.max.bytes", INT, "104857600", "The largest request the broker accepts.");
        add(keys, "num.io.threads", INT, cpus, "The number of threads handling requests.");
        add(keys, "num.network.threads", INT, cpus, "The number of network threads.");
        add(keys, "log.retention.check.interval.ms", LONG, "300000",
                "How often the broker checks whether logs are due for deletion.");
        // The log cleaner's own settings: all but log.cleaner.enable change at runtime, as in Kafka.
        add(keys, "log.cleaner.enable", BOOLEAN, "true", "Enable the log cleaner (compacted topics).");
        add(keys, "log.cleaner.threads", INT, "1", "The number of log cleaner threads.");
        add(keys, "log.cleaner.dedupe.buffer.size", LONG, "134217728",
                "The memory of the offset maps of all cleaner threads together.");
        add(keys, "log.cleaner.io.buffer.size", INT, "524288", "The I/O buffers of all cleaner threads together.");
        add(keys, "log.cleaner.io.buffer.load.factor", DOUBLE, "0.9", "How full a cleaner's offset map may get.");
        add(keys, "log.cleaner.io.max.bytes.per.second", DOUBLE, Double.toString(Double.MAX_VALUE),
                "The cleaner's read plus write rate limit, all threads together.");
        add(keys, "log.cleaner.backoff.ms", LONG, "15000", "How long a cleaner thread sleeps when no log is dirty.");
        return Map.copyOf(keys);
    }

    private static Set<String> dynamicNames() {
        Set<String> names = new java.util.HashSet<>();
        TopicConfigCatalog.all().forEach(k -> names.addAll(k.brokerSynonyms()));
        names.add("leader.replication.throttled.rate");
        names.add("follower.replication.throttled.rate");
        names.addAll(CLEANER_RECONFIGURABLE);
        return Set.copyOf(names);
    }

    private static Map<String, String> synonymDefaults() {
        Map<String, String> d = new TreeMap<>();
        d.put("log.retention.ms", null);
        d.put("log.retention.minutes", null);
        d.put("log.retention.hours", "168");
        d.put("log.roll.ms", null);
        d.put("log.roll.hours", "168");
        d.put("log.roll.jitter.ms", null);
        d.put("log.roll.jitter.hours", "0");
        d.put("log.flush.interval.ms", null);
        return java.util.Collections.unmodifiableMap(d);
    }

    private static void add(Map<String, ConfigKey> keys, String name, ConfigType type, String defaultValue,
                            String doc) {
        keys.put(name, new ConfigKey(name, type == null ? UNKNOWN : type, defaultValue, doc, List.of()));
    }
}
