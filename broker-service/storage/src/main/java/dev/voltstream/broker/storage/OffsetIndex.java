package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse offset index of a segment: 8-byte entries (offset relative to the segment base, file position), one per
 * {@code index.interval.bytes} of log. As in Kafka an entry holds a batch's last offset and the batch's position, so
 * the largest entry {@code <= target} gives a position at or before the batch holding the target.
 */
final class OffsetIndex extends MappedIndex {
    static final int ENTRY_SIZE = 8;

    /** An offset and the file position of the batch it ends. */
    record OffsetPosition(long offset, int position) {
    }

    OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** Adds an entry; offsets and positions must grow. A full index skips the entry (the log rolls soon), and so does a full disk. */
    void append(long offset, int position) {
        int n = entries();
        if (isFull()) {
            return;
        }
        if (n > 0 && (offset <= lastOffset() || position <= positionAt(n - 1))) {
            throw new IllegalStateException("offset index entry (" + offset + ", " + position
                    + ") is not after the last one (" + lastOffset() + ", " + positionAt(n - 1) + ") in " + file());
        }
        if (!reserve(n)) {
            return;
        }
        int at = slotPosition(n);
        buffer().putInt(at, relativeOffset(offset));
        buffer().putInt(at + 4, position);
        publishEntry();
    }

    /** The largest entry {@code <= target}, or (baseOffset, 0) when there is none. */
    OffsetPosition lookup(long target) {
        int slot = largestLowerBound(target);
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : new OffsetPosition(offsetAt(slot), positionAt(slot));
    }

    long lastOffset() {
        int n = entries();
        return n == 0 ? baseOffset : offsetAt(n - 1);
    }

    /** Drops the entries for offsets {@code >= offset}. */
    void truncateTo(long offset) {
        truncateToEntries(firstSlotWithOffsetAtLeast(offset));
    }

    /** Entries strictly increasing in offset and position and pointing inside the log: a torn or zero tail is not. */
    boolean isSane(long logSize) throws IOException {
        if (!hasWholeEntries()) {
            return false;
        }
        long prevOffset = -1;
        int prevPosition = -1;
        for (int i = 0; i < entries(); i++) {
            long offset = offsetAt(i);
            int position = positionAt(i);
            if (offset <= prevOffset || position <= prevPosition || position >= logSize) {
                return false;
            }
            prevOffset = offset;
            prevPosition = position;
        }
        return true;
    }

    private int positionAt(int slot) {
        return buffer().getInt(slotPosition(slot) + 4);
    }

    @Override
    protected long keyAt(int slot) {
        return offsetAt(slot);
    }

    @Override
    protected long offsetAt(int slot) {
        return baseOffset + buffer().getInt(slotPosition(slot));
    }
}
