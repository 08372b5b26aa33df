package dev.voltstream.broker.storage;

import java.util.Locale;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * A topic's {@code cleanup.policy} and the settings of compaction, under Kafka's topic config names.
 *
 * @param compact                {@code cleanup.policy} contains {@code compact}: the log cleaner keeps the last record
 *                               per key
 * @param delete                 {@code cleanup.policy} contains {@code delete}: retention by time and size applies
 * @param deleteRetentionMs      {@code delete.retention.ms}: how long a tombstone survives once it has been cleaned
 * @param minCompactionLagMs     {@code min.compaction.lag.ms}: a record stays uncompacted at least this long
 * @param maxCompactionLagMs     {@code max.compaction.lag.ms}: a record is eligible for cleaning at most this long
 *                               after it was written, whatever the dirty ratio
 * @param minCleanableDirtyRatio {@code min.cleanable.dirty.ratio}: the dirty share of the log that triggers cleaning
 */
public record CleanupConfig(boolean compact, boolean delete, long deleteRetentionMs, long minCompactionLagMs,
                            long maxCompactionLagMs, double minCleanableDirtyRatio) {
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";

    /** Kafka's defaults: delete, tombstones kept a day, no lag bounds, ratio 0.5. */
    public static CleanupConfig defaults() {
        return new CleanupConfig(false, true, 86_400_000L, 0L, Long.MAX_VALUE, 0.5);
    }

    /** Whether {@code name} is one of the settings held here. */
    static boolean handles(String name) {
        return switch (name) {
            case CLEANUP_POLICY, DELETE_RETENTION_MS, MIN_COMPACTION_LAG_MS, MAX_COMPACTION_LAG_MS,
                 MIN_CLEANABLE_DIRTY_RATIO -> true;
            default -> false;
        };
    }

    /** These settings with {@code name} set to {@code value} (one of the names {@link #handles} accepts). */
    CleanupConfig with(String name, String value) {
        String v = value == null ? null : value.trim();
        return switch (name) {
            case CLEANUP_POLICY -> withPolicy(v);
            case DELETE_RETENTION_MS -> new CleanupConfig(compact, delete, parseLong(name, v, 0), minCompactionLagMs,
                    maxCompactionLagMs, minCleanableDirtyRatio);
            case MIN_COMPACTION_LAG_MS -> new CleanupConfig(compact, delete, deleteRetentionMs, parseLong(name, v, 0),
                    maxCompactionLagMs, minCleanableDirtyRatio);
            case MAX_COMPACTION_LAG_MS -> new CleanupConfig(compact, delete, deleteRetentionMs, minCompactionLagMs,
                    parseLong(name, v, 1), minCleanableDirtyRatio);
            case MIN_CLEANABLE_DIRTY_RATIO -> new CleanupConfig(compact, delete, deleteRetentionMs,
                    minCompactionLagMs, maxCompactionLagMs, parseRatio(name, v));
            default -> this;
        };
    }

    /** The policy list as Kafka writes it: {@code delete}, {@code compact} or {@code compact,delete}. */
    public String policy() {
        return compact && delete ? "compact,delete" : compact ? "compact" : "delete";
    }

    private CleanupConfig withPolicy(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + CLEANUP_POLICY
                    + ": String must be one of: compact, delete");
        }
        boolean c = false;
        boolean d = false;
        for (String part : value.split(",")) {
            switch (part.trim().toLowerCase(Locale.ROOT)) {
                case "compact" -> c = true;
                case "delete" -> d = true;
                default -> throw new InvalidConfigurationException("Invalid value " + part.trim()
                        + " for configuration " + CLEANUP_POLICY + ": String must be one of: compact, delete");
            }
        }
        return new CleanupConfig(c, d, deleteRetentionMs, minCompactionLagMs, maxCompactionLagMs,
                minCleanableDirtyRatio);
    }

    private static long parseLong(String name, String value, long min) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // fall through
        }
        throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                + ": must be a number >= " + min);
    }

    private static double parseRatio(String name, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed >= 0 && parsed <= 1) {
                return parsed;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // fall through
        }
        throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                + ": must be a number between 0 and 1");
    }
}
