package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;

/**
 * Which of a log's oldest segments retention (and DeleteRecords) may delete: those whose newest record is older than
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

    /**
     * How many segments, oldest first, retention may delete when a transaction is open since {@code firstUnstable}:
     * never past it, so its abort marker still finds its data (and its index entry).
     */
    static int deletableSegments(List<LogSegment> segments, LogConfig config, long nowMs, OptionalLong firstUnstable)
            throws IOException {
        int deletable = deletableSegments(segments, config, nowMs);
        while (firstUnstable.isPresent() && deletable > 0 && (deletable == segments.size()
                || segments.get(deletable).baseOffset() > firstUnstable.getAsLong())) {
            deletable--;
        }
        return deletable;
    }

    /**
     * Checks a DeleteRecords request to delete before {@code offset}: within the log, and not past a transaction
     * open since {@code firstUnstable}.
     *
     * @throws OffsetOutOfRangeException when it may not
     */
    static void checkDeleteRecordsBefore(long offset, long logEndOffset, OptionalLong firstUnstable,
                                         TopicPartition tp) {
        if (offset < 0 || offset > logEndOffset) {
            throw new OffsetOutOfRangeException("Cannot delete records before " + offset + " in " + tp
                    + ": log end offset is " + logEndOffset);
        }
        if (firstUnstable.isPresent() && offset > firstUnstable.getAsLong()) {
            throw new OffsetOutOfRangeException("Cannot delete records before " + offset + " in " + tp
                    + ": a transaction open since offset " + firstUnstable.getAsLong() + " is not complete");
        }
    }

    /** The segments, oldest first, that hold only offsets below {@code offset} (the next one starts at or below it). */
    static List<LogSegment> whollyBelow(List<LogSegment> segments, long offset) {
        List<LogSegment> below = new ArrayList<>();
        for (int i = 0; i + 1 < segments.size() && segments.get(i + 1).baseOffset() <= offset; i++) {
            below.add(segments.get(i));
        }
        return below;
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
