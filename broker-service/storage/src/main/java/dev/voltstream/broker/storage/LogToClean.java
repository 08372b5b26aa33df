package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.List;

/**
 * One log's cleanable section, as Kafka's LogToClean and LogCleanerManager.cleanableOffsets compute it: from the
 * first dirty offset (the cleaner checkpoint) to the first uncleanable one, which is the start of the segment holding
 * the lowest of the last stable offset, the active segment's base offset and the first segment still inside
 * {@code min.compaction.lag.ms}.
 *
 * @param firstDirtyOffset       where the dirty section starts
 * @param firstUncleanableOffset where the cleanable section ends (a segment base offset)
 * @param cleanBytes             bytes of the segments before the dirty section
 * @param cleanableBytes         bytes of the segments in the cleanable section
 * @param needsCompactionNow     a dirty record is older than {@code max.compaction.lag.ms}
 */
record LogToClean(PartitionLog log, CleaningSnapshot snapshot, long firstDirtyOffset,
                  long firstUncleanableOffset, long cleanBytes, long cleanableBytes, boolean needsCompactionNow) {

    /** The dirty share of the log, 0 when it has nothing to clean. */
    double cleanableRatio() {
        long total = cleanBytes + cleanableBytes;
        return total == 0 ? 0 : (double) cleanableBytes / total;
    }

    /** Whether the cleaner should take this log now. */
    boolean shouldClean() {
        return cleanableBytes > 0 && (needsCompactionNow
                || cleanableRatio() > snapshot.config().cleanup().minCleanableDirtyRatio());
    }

    static LogToClean of(PartitionLog log, long checkpoint, long nowMs) throws IOException {
        CleaningSnapshot snap = log.cleaningSnapshot();
        List<LogSegment> segments = snap.segments();
        LogSegment active = segments.get(segments.size() - 1);
        long firstDirty = checkpoint < snap.logStartOffset() || checkpoint > log.logEndOffset()
                ? snap.logStartOffset() : checkpoint;
        CleanupConfig cleanup = snap.config().cleanup();
        long uncleanable = Math.min(snap.lastStableOffset(), active.baseOffset());
        boolean needsNow = false;
        for (int i = 0; i < segments.size() - 1; i++) {
            LogSegment segment = segments.get(i);
            if (segments.get(i + 1).baseOffset() <= firstDirty || segment.isEmpty()) {
                continue;
            }
            if (cleanup.minCompactionLagMs() > 0 && segment.maxTimestamp() > nowMs - cleanup.minCompactionLagMs()) {
                uncleanable = Math.min(uncleanable, segment.baseOffset());
                break;
            }
        }
        long firstUncleanable = segmentBase(segments, Math.max(firstDirty, uncleanable));
        long clean = 0;
        long cleanable = 0;
        for (int i = 0; i < segments.size() && segments.get(i).baseOffset() < firstUncleanable; i++) {
            LogSegment segment = segments.get(i);
            boolean dirty = i + 1 == segments.size() || segments.get(i + 1).baseOffset() > firstDirty;
            if (dirty) {
                cleanable += segment.size();
                if (!needsNow && cleanup.maxCompactionLagMs() < Long.MAX_VALUE && !segment.isEmpty()) {
                    long firstTimestamp = segment.rollBaseMs();
                    needsNow = firstTimestamp >= 0 && nowMs - firstTimestamp > cleanup.maxCompactionLagMs();
                }
            } else {
                clean += segment.size();
            }
        }
        return new LogToClean(log, snap, firstDirty, Math.max(firstDirty, firstUncleanable), clean, cleanable,
                needsNow);
    }

    /** The base offset of the segment holding {@code offset}. */
    private static long segmentBase(List<LogSegment> segments, long offset) {
        long base = segments.get(0).baseOffset();
        for (LogSegment segment : segments) {
            if (segment.baseOffset() > offset) {
                break;
            }
            base = segment.baseOffset();
        }
        return base;
    }
}
