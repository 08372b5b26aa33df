package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.List;

/**
 * Which of a log's oldest segments retention may delete: those whose newest record is older than
 * {@code retention.ms}, and as many as needed to bring the log within {@code retention.bytes}. An empty active
 * segment is never counted, so the log always keeps a segment to append to. Only a policy containing {@code delete}
 * deletes by time or size.
 */
final class RetentionPolicy {
    private RetentionPolicy() {
    }

    /** How many segments, oldest first, may be deleted. */
    static int deletableSegments(List<LogSegment> segments, LogConfig config, long nowMs) throws IOException {
        if (!config.cleanup().delete()) {
            return 0; // cleanup.policy=compact: only the cleaner removes records
        }
        return Math.max(expiredByTime(segments, config, nowMs), beyondSize(segments, config));
    }

    private static int expiredByTime(List<LogSegment> segments, LogConfig config, long nowMs) throws IOException {
        if (config.retentionMs() < 0) {
            return 0;
        }
        int count = 0;
        for (LogSegment segment : segments) {
            if (segment.isEmpty() || nowMs - segment.largestTimestampForRetention() <= config.retentionMs()) {
                break;
            }
            count++;
        }
        return count;
    }

    private static int beyondSize(List<LogSegment> segments, LogConfig config) {
        if (config.retentionBytes() < 0) {
            return 0;
        }
        long excess = -config.retentionBytes();
        for (LogSegment segment : segments) {
            excess += segment.size();
        }
        int count = 0;
        for (LogSegment segment : segments) {
            if (segment.isEmpty() || excess - segment.size() < 0) {
                break;
            }
            excess -= segment.size();
            count++;
        }
        return count;
    }
}
