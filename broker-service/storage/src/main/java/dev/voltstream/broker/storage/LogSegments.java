package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A partition's segments ordered by base offset. The skip-list map lets readers find the segment holding an offset
 * ({@code floorEntry}) while the appender adds and retention removes segments.
 */
final class LogSegments {
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    void add(LogSegment segment) {
        segments.put(segment.baseOffset(), segment);
    }

    void remove(LogSegment segment) {
        segments.remove(segment.baseOffset(), segment);
    }

    /** The segment that would hold {@code offset}: the one with the largest base offset {@code <= offset}. */
    LogSegment floor(long offset) {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        return entry == null ? null : entry.getValue();
    }

    /** The next segment after the one with this base offset, or null. */
    LogSegment higher(long baseOffset) {
        Map.Entry<Long, LogSegment> entry = segments.higherEntry(baseOffset);
        return entry == null ? null : entry.getValue();
    }

    LogSegment first() {
        Map.Entry<Long, LogSegment> entry = segments.firstEntry();
        return entry == null ? null : entry.getValue();
    }

    LogSegment active() {
        Map.Entry<Long, LogSegment> entry = segments.lastEntry();
        return entry == null ? null : entry.getValue();
    }

    /** Segments oldest first (a snapshot). */
    List<LogSegment> all() {
        return new ArrayList<>(segments.values());
    }

    /** Segments whose base offset is {@code >= baseOffset}, oldest first. */
    Collection<LogSegment> from(long baseOffset) {
        return new ArrayList<>(segments.tailMap(baseOffset, true).values());
    }

    int count() {
        return segments.size();
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    void closeAll() throws IOException {
        IOException failure = null;
        for (LogSegment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Releases the file handles without writing anything (the disk under them failed). */
    void closeHandlersQuietly() {
        for (LogSegment segment : segments.values()) {
            try {
                segment.records().closeHandlers();
            } catch (IOException | RuntimeException e) {
                // Nothing more can be done for a failed disk; the next start recovers the files.
            }
        }
    }

    void clear() {
        segments.clear();
    }
}
