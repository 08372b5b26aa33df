package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The time index of a segment: 12-byte entries (largest timestamp so far, offset relative to the base of the batch
 * holding it), appended only when the largest timestamp grows. One slot is kept free for the final entry written
 * when the segment rolls or closes.
 */
final class TimeIndex extends MappedIndex {
    static final int ENTRY_SIZE = 12;

    /** A timestamp and the offset it was reached at. */
    record TimestampOffset(long timestamp, long offset) {
    }

    TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    @Override
    boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /** Appends (timestamp, offset) when the timestamp is larger than the last entry's. */
    void maybeAppend(long timestamp, long offset, boolean useReservedSlot) {
        int n = entries();
        if (n >= maxEntries() || (!useReservedSlot && isFull())) {
            return;
        }
        if (n > 0) {
            TimestampOffset last = lastEntry();
            if (timestamp <= last.timestamp() || offset < last.offset()) {
                return;
            }
        }
        if (!reserve(n)) {
            return;
        }
        int at = slotPosition(n);
        buffer().putLong(at, timestamp);
        buffer().putInt(at + 8, relativeOffset(offset));
        publishEntry();
    }

    /** The last entry, or (NO_TIMESTAMP, baseOffset) when empty. */
    TimestampOffset lastEntry() {
        int n = entries();
        return n == 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset)
                : new TimestampOffset(keyAt(n - 1), offsetAt(n - 1));
    }

    /** The largest entry with timestamp {@code <= target}, or (NO_TIMESTAMP, baseOffset) when none. */
    TimestampOffset lookup(long target) {
        int slot = largestLowerBound(target);
        return slot < 0 ? new TimestampOffset(RecordBatch.NO_TIMESTAMP, baseOffset)
                : new TimestampOffset(keyAt(slot), offsetAt(slot));
    }

    /** Drops the entries for offsets {@code >= offset}. */
    void truncateTo(long offset) {
        truncateToEntries(firstSlotWithOffsetAtLeast(offset));
    }

    /** Timestamps and offsets never decrease, and timestamps are real ones: a zero-filled tail fails this. */
    boolean isSane() throws IOException {
        if (!hasWholeEntries()) {
            return false;
        }
        long prevTimestamp = Long.MIN_VALUE;
        long prevOffset = -1;
        for (int i = 0; i < entries(); i++) {
            long ts = keyAt(i);
            long offset = offsetAt(i);
            if (ts <= prevTimestamp || offset < prevOffset) {
                return false;
            }
            prevTimestamp = ts;
            prevOffset = offset;
        }
        return true;
    }

    @Override
    protected long keyAt(int slot) {
        return buffer().getLong(slotPosition(slot));
    }

    @Override
    protected long offsetAt(int slot) {
        return baseOffset + buffer().getInt(slotPosition(slot) + 8);
    }
}
