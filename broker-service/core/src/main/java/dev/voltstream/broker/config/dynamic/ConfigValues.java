package dev.voltstream.broker.config.dynamic;

import java.util.Set;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/** Checks that a config value parses as its type, with Kafka's wording for the error. */
final class ConfigValues {
    private static final Set<String> COMPRESSION_TYPES = Set.of("uncompressed", "zstd", "lz4", "snappy", "gzip",
            "producer");
    private static final Set<String> CLEANUP_POLICIES = Set.of("delete", "compact");

    private ConfigValues() {
    }

    /** @throws InvalidConfigurationException naming the config and the value when it does not fit */
    static void validate(ConfigKey key, String value) {
        if (value == null) {
            throw new InvalidConfigurationException("Null value not supported for config: " + key.name());
        }
        String v = value.trim();
        switch (key.type()) {
            case INT -> parse(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "INT");
            case SHORT -> parse(key, v, Short.MIN_VALUE, Short.MAX_VALUE, "SHORT");
            case LONG -> parse(key, v, Long.MIN_VALUE, Long.MAX_VALUE, "LONG");
            case DOUBLE -> {
                try {
                    Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw invalid(key, value, "Not a number of type DOUBLE");
                }
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw invalid(key, value, "Expected value to be either true or false");
                }
            }
            default -> {
            }
        }
        checkAllowed(key, value, v);
    }

    private static void checkAllowed(ConfigKey key, String raw, String v) {
        String base = key.name().startsWith("log.") ? key.name().substring(4) : key.name();
        switch (base) {
            case "compression.type" -> {
                if (!COMPRESSION_TYPES.contains(v)) {
                    throw invalid(key, raw, "String must be one of: " + String.join(", ", COMPRESSION_TYPES));
                }
            }
            case "cleanup.policy" -> {
                for (String policy : v.split(",")) {
                    if (!CLEANUP_POLICIES.contains(policy.trim())) {
                        throw invalid(key, raw, "Invalid value " + policy.trim() + " for configuration "
                                + key.name() + ": String must be one of: compact, delete");
                    }
                }
            }
            case "message.timestamp.type" -> {
                if (!v.equals("CreateTime") && !v.equals("LogAppendTime")) {
                    throw invalid(key, raw, "String must be one of: CreateTime, LogAppendTime");
                }
            }
            default -> {
            }
        }
    }

    private static void parse(ConfigKey key, String v, long min, long max, String typeName) {
        long parsed;
        try {
            parsed = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(key, v, "Not a number of type " + typeName);
        }
        if (parsed < min || parsed > max) {
            throw invalid(key, v, "Not a number of type " + typeName);
        }
    }

    private static InvalidConfigurationException invalid(ConfigKey key, String value, String why) {
        return new InvalidConfigurationException("Invalid value " + value + " for configuration " + key.name()
                + ": " + why);
    }
}
