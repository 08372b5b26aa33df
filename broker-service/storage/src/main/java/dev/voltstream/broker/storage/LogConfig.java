package dev.voltstream.broker.storage;

import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * The per-topic settings the log obeys, under Kafka's topic config names.
 *
 * @param segmentBytes       {@code segment.bytes}: roll a segment before it would exceed this size
 * @param segmentMs          {@code segment.ms}: roll a segment this long after its first append
 * @param retentionMs        {@code retention.ms}: delete segments whose newest record is older (-1 = forever)
 * @param retentionBytes     {@code retention.bytes}: delete oldest segments while the log is larger (-1 = no limit)
 * @param maxMessageBytes    {@code max.message.bytes}: largest record batch accepted
 * @param indexIntervalBytes {@code index.interval.bytes}: log bytes between two offset-index entries
 * @param segmentIndexBytes  {@code segment.index.bytes}: preallocated size of each index file
 * @param logAppendTime      {@code message.timestamp.type=LogAppendTime}: stamp batches with the broker's time
 * @param fileDeleteDelayMs  {@code file.delete.delay.ms}: how long a deleted segment's files are kept for readers
 * @param cleanup            {@code cleanup.policy} and the compaction settings
 */
public record LogConfig(int segmentBytes, long segmentMs, long retentionMs, long retentionBytes, int maxMessageBytes,
                        int indexIntervalBytes, int segmentIndexBytes, boolean logAppendTime,
                        long fileDeleteDelayMs, CleanupConfig cleanup) {

    /** With the default cleanup policy (delete). */
    public LogConfig(int segmentBytes, long segmentMs, long retentionMs, long retentionBytes, int maxMessageBytes,
                     int indexIntervalBytes, int segmentIndexBytes, boolean logAppendTime, long fileDeleteDelayMs) {
        this(segmentBytes, segmentMs, retentionMs, retentionBytes, maxMessageBytes, indexIntervalBytes,
                segmentIndexBytes, logAppendTime, fileDeleteDelayMs, CleanupConfig.defaults());
    }

    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";

    /** Kafka's smallest segment.bytes: one legacy record's overhead. */
    private static final int MIN_SEGMENT_BYTES = 14;

    /** Kafka's defaults: 1 GiB segments rolled weekly, 7 days retention, CreateTime, 10 MiB indexes. */
    public static LogConfig defaults() {
        return new LogConfig(1024 * 1024 * 1024, 7L * 24 * 60 * 60 * 1000, 7L * 24 * 60 * 60 * 1000, -1L, 1048588,
                4096, 10 * 1024 * 1024, false, 60_000L);
    }

    /**
     * These settings with the given topic-level configs applied; names this log does not use are ignored.
     *
     * @throws InvalidConfigurationException naming the config and the bad value
     */
    public LogConfig withOverrides(Map<String, String> topicConfigs) {
        int segBytes = segmentBytes;
        long segMs = segmentMs;
        long retMs = retentionMs;
        long retBytes = retentionBytes;
        int maxMsg = maxMessageBytes;
        int idxInterval = indexIntervalBytes;
        int idxBytes = segmentIndexBytes;
        boolean appendTime = logAppendTime;
        long deleteDelay = fileDeleteDelayMs;
        CleanupConfig clean = cleanup;
        for (Map.Entry<String, String> e : topicConfigs.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? null : e.getValue().trim();
            switch (name) {
                case SEGMENT_BYTES -> segBytes = (int) parse(name, value, MIN_SEGMENT_BYTES, Integer.MAX_VALUE);
                case SEGMENT_MS -> segMs = parse(name, value, 1, Long.MAX_VALUE);
                case RETENTION_MS -> retMs = parse(name, value, -1, Long.MAX_VALUE);
                case RETENTION_BYTES -> retBytes = parse(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case MAX_MESSAGE_BYTES -> maxMsg = (int) parse(name, value, 0, Integer.MAX_VALUE);
                case INDEX_INTERVAL_BYTES -> idxInterval = (int) parse(name, value, 0, Integer.MAX_VALUE);
                case SEGMENT_INDEX_BYTES -> idxBytes = (int) parse(name, value, 4, Integer.MAX_VALUE);
                case MESSAGE_TIMESTAMP_TYPE -> appendTime = parseTimestampType(value);
                case FILE_DELETE_DELAY_MS -> deleteDelay = parse(name, value, 0, Long.MAX_VALUE);
                default -> {
                    if (CleanupConfig.handles(name)) {
                        clean = clean.with(name, value);
                    }
                }
            }
        }
        if (clean.minCompactionLagMs() > clean.maxCompactionLagMs()) {
            throw new InvalidConfigurationException("conflict topic config setting "
                    + CleanupConfig.MIN_COMPACTION_LAG_MS + " (" + clean.minCompactionLagMs() + ") > "
                    + CleanupConfig.MAX_COMPACTION_LAG_MS + " (" + clean.maxCompactionLagMs() + ")");
        }
        return new LogConfig(segBytes, segMs, retMs, retBytes, maxMsg, idxInterval, idxBytes, appendTime,
                deleteDelay, clean);
    }

    /**
     * How long the active segment may stay open: {@code segment.ms}, and for a compacted log at most
     * {@code max.compaction.lag.ms} (as Kafka's LogConfig.maxSegmentMs), so a record becomes cleanable in time.
     */
    public long rollMs() {
        return cleanup.compact() ? Math.min(segmentMs, cleanup.maxCompactionLagMs()) : segmentMs;
    }

    private static long parse(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                    + ": not a number");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidConfigurationException("Invalid value " + value + " for configuration " + name
                    + ": must be between " + min + " and " + max);
        }
        return parsed;
    }

    private static boolean parseTimestampType(String value) {
        if ("CreateTime".equals(value)) {
            return false;
        }
        if ("LogAppendTime".equals(value)) {
            return true;
        }
        throw new InvalidConfigurationException("Invalid value " + value + " for configuration "
                + MESSAGE_TIMESTAMP_TYPE + ": must be CreateTime or LogAppendTime");
    }
}
