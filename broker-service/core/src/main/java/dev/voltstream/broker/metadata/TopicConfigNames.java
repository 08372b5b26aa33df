package dev.voltstream.broker.metadata;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/** The topic-level config names Kafka defines ({@link TopicConfig}), and the checks we apply to their values. */
public final class TopicConfigNames {
    /** Every name in kafka-clients' {@link TopicConfig}: the set a Kafka user may set on a topic. */
    public static final Set<String> ALL = collect();

    private TopicConfigNames() {
    }

    /**
     * Rejects unknown names and values this broker cannot honour, with Kafka's INVALID_CONFIG error. Values of the
     * log's own settings (cleanup.policy, segment.bytes, ...) are checked by {@code LogConfig.withOverrides}.
     */
    public static void validate(Map<String, String> configs) {
        for (Map.Entry<String, String> e : configs.entrySet()) {
            if (!ALL.contains(e.getKey())) {
                throw new InvalidConfigurationException("Unknown topic config name: " + e.getKey());
            }
            String value = e.getValue();
            if (value == null) {
                continue;
            }
            switch (e.getKey()) {
                case TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG -> requirePositiveInt(e.getKey(), value);
                default -> {
                }
            }
        }
    }

    private static void requirePositiveInt(String name, String value) {
        try {
            if (Integer.parseInt(value.trim()) >= 1) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                + ": must be an integer >= 1");
    }

    private static Set<String> collect() {
        Set<String> names = new TreeSet<>();
        // Kafka's LogConfig defines these two besides TopicConfig's (QuotaConfig): replication throttles, accepted
        // but not enforced here.
        names.add("leader.replication.throttled.replicas");
        names.add("follower.replication.throttled.replicas");
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().endsWith("_CONFIG") && f.getType() == String.class) {
                try {
                    names.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(names);
    }
}
