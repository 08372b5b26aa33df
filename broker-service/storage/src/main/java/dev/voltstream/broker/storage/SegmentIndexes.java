package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The two sparse indexes of one {@link LogSegment} and what keeps them: an offset-index entry (and a time-index entry
 * for the largest timestamp so far) every {@code index.interval.bytes} of batches, the running largest timestamp with
 * the last offset of its batch, and their trimming when the segment stops taking appends. Written under the owning
 * log's lock; lookups and the largest timestamp are read without it.
 */
final class SegmentIndexes {
    private final long baseOffset;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final int indexIntervalBytes;
    private int bytesSinceLastIndexEntry;
    /** Largest batch timestamp and the last offset of its batch; replaced whole so readers see a consistent pair. */
    private volatile TimeIndex.TimestampOffset maxTimestampSoFar;

    private SegmentIndexes(long baseOffset, OffsetIndex offsetIndex, TimeIndex timeIndex, int indexIntervalBytes) {
        this.baseOffset = baseOffset;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.indexIntervalBytes = indexIntervalBytes;
        this.maxTimestampSoFar = timeIndex.lastEntry();
    }

    /** Opens (or creates, preallocated) the index files of the segment at {@code baseOffset}. */
    static SegmentIndexes open(Path offsetFile, Path timeFile, long baseOffset, LogConfig config) throws IOException {
        return new SegmentIndexes(baseOffset, new OffsetIndex(offsetFile, baseOffset, config.segmentIndexBytes()),
                new TimeIndex(timeFile, baseOffset, config.segmentIndexBytes()), config.indexIntervalBytes());
    }

    /** Where a scan for {@code offset} may start: the position of the last indexed batch at or below it. */
    int scanStart(long offset) {
        return offsetIndex.lookup(offset).position();
    }

    /** Where a scan for the first record at or after {@code startingOffset} with timestamp {@code >= target} may start. */
    int scanStartForTimestamp(long target, long startingOffset) {
        return scanStart(Math.max(timeIndex.lookup(target).offset(), startingOffset));
    }

    /** The largest timestamp so far and the last offset of its batch ({@code NO_TIMESTAMP} when none). */
    TimeIndex.TimestampOffset maxTimestamp() {
        return maxTimestampSoFar;
    }

    /** Takes in a batch appended (or re-read) at {@code position}. */
    void index(RecordBatch batch, int position) {
        if (batch.maxTimestamp() > maxTimestampSoFar.timestamp()) {
            maxTimestampSoFar = new TimeIndex.TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batch.lastOffset(), position);
            TimeIndex.TimestampOffset max = maxTimestampSoFar;
            timeIndex.maybeAppend(max.timestamp(), max.offset(), false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batch.sizeInBytes();
    }

    /** Whether either index can take no more entries (the log then rolls). */
    boolean full() {
        return offsetIndex.isFull() || timeIndex.isFull();
    }

    boolean sane(long logSize) throws IOException {
        return offsetIndex.isSane(logSize) && timeIndex.isSane();
    }

    /** Empties both indexes (at {@code maxIndexSize}) before the segment's batches are indexed again. */
    void reset(int maxIndexSize) throws IOException {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = new TimeIndex.TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset);
    }

    /** Drops the entries at or after {@code offset}. */
    void truncateTo(long offset) {
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
    }

    /** The time index's last entry: the largest timestamp up to its offset; (NO_TIMESTAMP, base offset) if none. */
    TimeIndex.TimestampOffset lastTimeEntry() {
        return timeIndex.lastEntry();
    }

    /** After a truncation: the largest timestamp left, found by the segment re-reading what remains. */
    void truncated(TimeIndex.TimestampOffset maxLeft) {
        maxTimestampSoFar = maxLeft;
        bytesSinceLastIndexEntry = 0;
    }

    /** Grows both indexes back to {@code maxIndexSize} (the segment becomes the active one). */
    void resize(int maxIndexSize) throws IOException {
        offsetIndex.resize(maxIndexSize);
        timeIndex.resize(maxIndexSize);
    }

    /** The segment stops taking appends: record the final time-index entry and trim both indexes. */
    void onBecomeInactive() throws IOException {
        TimeIndex.TimestampOffset max = maxTimestampSoFar;
        if (max.timestamp() != RecordBatch.NO_TIMESTAMP) {
            timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        }
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    void flush() {
        offsetIndex.flush();
        timeIndex.flush();
    }

    /** Renames both index files to what {@code newName} makes of their current paths. */
    void renameTo(UnaryOperator<Path> newName) throws IOException {
        offsetIndex.renameTo(newName.apply(offsetIndex.file()));
        timeIndex.renameTo(newName.apply(timeIndex.file()));
    }

    void deleteIfExists() throws IOException {
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
    }
}
