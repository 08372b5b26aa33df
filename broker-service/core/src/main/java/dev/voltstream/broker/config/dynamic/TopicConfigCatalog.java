package dev.voltstream.broker.config.dynamic;

import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.BOOLEAN;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.DOUBLE;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.INT;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.LIST;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.LONG;
import static org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType.STRING;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Every topic config of kafka-clients' {@link TopicConfig} with Apache Kafka 4.1's type, default and broker synonyms
 * (the {@code log.*} names a broker sets the default with). Documentation is TopicConfig's own {@code *_DOC} text.
 */
public final class TopicConfigCatalog {
    private static final long MAX = Long.MAX_VALUE;
    private static final Map<String, ConfigKey> KEYS = build();

    private TopicConfigCatalog() {
    }

    public static Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(KEYS.get(name));
    }

    /** All topic configs, by name. */
    public static Collection<ConfigKey> all() {
        return KEYS.values();
    }

    private static Map<String, ConfigKey> build() {
        Map<String, ConfigKey> keys = new TreeMap<>();
        add(keys, TopicConfig.CLEANUP_POLICY_CONFIG, LIST, "delete", "log.cleanup.policy");
        add(keys, TopicConfig.COMPRESSION_GZIP_LEVEL_CONFIG, INT, "-1", "compression.gzip.level");
        add(keys, TopicConfig.COMPRESSION_LZ4_LEVEL_CONFIG, INT, "9", "compression.lz4.level");
        add(keys, TopicConfig.COMPRESSION_TYPE_CONFIG, STRING, "producer", "compression.type");
        add(keys, TopicConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, INT, "3", "compression.zstd.level");
        add(keys, TopicConfig.DELETE_RETENTION_MS_CONFIG, LONG, "86400000", "log.cleaner.delete.retention.ms");
        add(keys, TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, LONG, "60000", "log.segment.delete.delay.ms");
        add(keys, TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, LONG, str(MAX), "log.flush.interval.messages");
        add(keys, TopicConfig.FLUSH_MS_CONFIG, LONG, str(MAX), "log.flush.interval.ms",
                "log.flush.scheduler.interval.ms");
        add(keys, TopicConfig.INDEX_INTERVAL_BYTES_CONFIG, INT, "4096", "log.index.interval.bytes");
        add(keys, TopicConfig.LOCAL_LOG_RETENTION_BYTES_CONFIG, LONG, "-2", "log.local.retention.bytes");
        add(keys, TopicConfig.LOCAL_LOG_RETENTION_MS_CONFIG, LONG, "-2", "log.local.retention.ms");
        add(keys, TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG, LONG, str(MAX), "log.cleaner.max.compaction.lag.ms");
        add(keys, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, INT, "1048588", "message.max.bytes");
        add(keys, TopicConfig.MESSAGE_DOWNCONVERSION_ENABLE_CONFIG, BOOLEAN, "true");
        add(keys, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, LONG, "3600000",
                "log.message.timestamp.after.max.ms");
        // Replication throttles (kafka-reassign-partitions --throttle sets them, --verify clears them): accepted and
        // kept as configs, but replication is not throttled.
        add(keys, "leader.replication.throttled.replicas", LIST, "");
        add(keys, "follower.replication.throttled.replicas", LIST, "");
        add(keys, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, LONG, str(MAX),
                "log.message.timestamp.before.max.ms");
        add(keys, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, STRING, "CreateTime", "log.message.timestamp.type");
        add(keys, TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, DOUBLE, "0.5", "log.cleaner.min.cleanable.ratio");
        add(keys, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, LONG, "0", "log.cleaner.min.compaction.lag.ms");
        add(keys, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, INT, "1", "min.insync.replicas");
        add(keys, TopicConfig.PREALLOCATE_CONFIG, BOOLEAN, "false", "log.preallocate");
        add(keys, TopicConfig.REMOTE_LOG_COPY_DISABLE_CONFIG, BOOLEAN, "false");
        add(keys, TopicConfig.REMOTE_LOG_DELETE_ON_DISABLE_CONFIG, BOOLEAN, "false");
        add(keys, TopicConfig.REMOTE_LOG_STORAGE_ENABLE_CONFIG, BOOLEAN, "false");
        add(keys, TopicConfig.RETENTION_BYTES_CONFIG, LONG, "-1", "log.retention.bytes");
        add(keys, TopicConfig.RETENTION_MS_CONFIG, LONG, "604800000", "log.retention.ms", "log.retention.minutes",
                "log.retention.hours");
        add(keys, TopicConfig.SEGMENT_BYTES_CONFIG, INT, "1073741824", "log.segment.bytes");
        add(keys, TopicConfig.SEGMENT_INDEX_BYTES_CONFIG, INT, "10485760", "log.index.size.max.bytes");
        add(keys, TopicConfig.SEGMENT_JITTER_MS_CONFIG, LONG, "0", "log.roll.jitter.ms", "log.roll.jitter.hours");
        add(keys, TopicConfig.SEGMENT_MS_CONFIG, LONG, "604800000", "log.roll.ms", "log.roll.hours");
        add(keys, TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, BOOLEAN, "false",
                "unclean.leader.election.enable");
        return Map.copyOf(keys);
    }

    private static void add(Map<String, ConfigKey> keys, String name, ConfigType type, String defaultValue,
                            String... synonyms) {
        keys.put(name, new ConfigKey(name, type, defaultValue, doc(name), List.of(synonyms)));
    }

    /** TopicConfig pairs every {@code X_CONFIG} name with an {@code X_DOC} text. */
    private static String doc(String name) {
        for (Field f : TopicConfig.class.getFields()) {
            try {
                if (f.getName().endsWith("_CONFIG") && name.equals(f.get(null))) {
                    String docField = f.getName().substring(0, f.getName().length() - "_CONFIG".length()) + "_DOC";
                    return (String) TopicConfig.class.getField(docField).get(null);
                }
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        return null;
    }

    private static String str(long value) {
        return Long.toString(value);
    }
}
