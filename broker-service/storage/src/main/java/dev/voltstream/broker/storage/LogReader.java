package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.Comparator;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;

/**
 * The lock-free read side of a partition log: fetches and timestamp lookups over the segments, never past the end
 * the log last published.
 */
final class LogReader {
    /** What the reader may see: the log start and the published end (offset, active segment, byte position). */
    record Bounds(long logStartOffset, long endOffset, long endSegmentBaseOffset, int endPosition) {
    }

    private LogReader() {
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start or above the log end
     */
    static LogReadResult read(TopicPartition tp, LogSegments segments, long fetchOffset, int maxBytes,
                              long maxOffsetExclusive, boolean minOneBatch, Bounds bounds) {
        if (fetchOffset < bounds.logStartOffset() || fetchOffset > bounds.endOffset()) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is out of range for " + tp
                    + ": log start offset " + bounds.logStartOffset() + ", log end offset " + bounds.endOffset());
        }
        LogSegment segment = segments.floor(fetchOffset);
        if (segment == null) {
            segment = segments.first();
        }
        while (segment != null && fetchOffset < bounds.endOffset() && fetchOffset < maxOffsetExclusive
                && segment.baseOffset() <= bounds.endSegmentBaseOffset()) {
            // The active segment may be growing: read only up to the position published with the end offset.
            long maxPosition = segment.baseOffset() == bounds.endSegmentBaseOffset() ? bounds.endPosition()
                    : segment.size();
            LogSegment.Slice slice = segment.read(fetchOffset, maxBytes, maxPosition, maxOffsetExclusive,
                    minOneBatch);
            if (slice != null) {
                if (slice.size() == 0) {
                    break;
                }
                return new LogReadResult(new SegmentSlice(segment.records().slice(slice.position(), slice.size()),
                        segment.records().channel(), slice.position(), slice.size()), bounds.logStartOffset(),
                        bounds.endOffset());
            }
            segment = segments.higher(segment.baseOffset());
        }
        return new LogReadResult(SegmentSlice.EMPTY, bounds.logStartOffset(), bounds.endOffset());
    }

    /** The earliest record at or after the log start with timestamp {@code >= target}. */
    static Optional<TimestampAndOffset> offsetForTimestamp(LogSegments segments, long target, long logStartOffset)
            throws IOException {
        for (LogSegment segment : segments.all()) {
            if (segment.maxTimestamp() >= target) {
                Optional<TimestampAndOffset> found = segment.findOffsetByTimestamp(target, logStartOffset);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The first record carrying the largest timestamp of the log (the oldest segment wins a tie). */
    static Optional<TimestampAndOffset> maxTimestampAndOffset(LogSegments segments) {
        return segments.all().stream()
                .filter(s -> !s.isEmpty())
                .max(Comparator.comparingLong(LogSegment::maxTimestamp)
                        .thenComparing(LogSegment::baseOffset, Comparator.reverseOrder()))
                .flatMap(LogSegment::readMaxTimestampAndOffset);
    }
}
