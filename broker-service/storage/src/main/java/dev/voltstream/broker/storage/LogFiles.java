package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one partition log and where its data ends: the segments, each with its aborted-transaction index,
 * rolled when the active one is full or old, retired (renamed {@code *.deleted}, their files kept for
 * {@code file.delete.delay.ms} so reads in flight complete) and swapped for the cleaner's output; and the published
 * {@link EndOffset} that readers never read past. Changes are made under the owning {@link PartitionLog}'s lock;
 * {@link #end()} is read without it.
 */
final class LogFiles {
    private static final Logger LOG = LoggerFactory.getLogger(LogFiles.class);

    /** The next offset to assign and where the data ends, published together after each append. */
    record EndOffset(long offset, long segmentBaseOffset, int position) {
    }

    private final Path dir;
    private final TopicPartition topicPartition;
    private final LogSegments segments;
    private final TransactionIndexes txnIndexes;
    private final WriteInterceptor interceptor;
    private final DeferredDeletions deferredDeletions = new DeferredDeletions();
    private volatile EndOffset end;

    LogFiles(Path dir, TopicPartition topicPartition, LogSegments segments, TransactionIndexes txnIndexes,
             WriteInterceptor interceptor) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.segments = segments;
        this.txnIndexes = txnIndexes;
        this.interceptor = interceptor;
    }

    LogSegments segments() {
        return segments;
    }

    TransactionIndexes txnIndexes() {
        return txnIndexes;
    }

    EndOffset end() {
        return end;
    }

    /** Publishes the end offset; the data of the active segment ends at its current size. */
    void publish(long nextOffset) {
        LogSegment active = segments.active();
        end = new EndOffset(nextOffset, active.baseOffset(), active.size());
    }

    /** Appends {@code records} (offsets {@code firstOffset..lastOffset}), rolling first when the active segment must. */
    void append(MemoryRecords records, long firstOffset, long lastOffset, long now, LogConfig config)
            throws IOException {
        LogSegment segment = maybeRoll(records.sizeInBytes(), firstOffset, lastOffset, now, config);
        segment.append(lastOffset, records, now, interceptor);
    }

    private LogSegment maybeRoll(int size, long firstOffset, long lastOffset, long now, LogConfig config)
            throws IOException {
        LogSegment active = segments.active();
        if (active.isEmpty()) {
            return active.canHold(lastOffset) && active.baseOffset() <= firstOffset ? active
                    : roll(firstOffset, now, config);
        }
        boolean full = (long) active.size() + size > config.segmentBytes();
        boolean old = now - active.rollBaseMs() > config.rollMs();
        if (full || old || active.indexesFull() || !active.canHold(lastOffset)) {
            return roll(firstOffset, now, config);
        }
        return active;
    }

    /** Starts a new active segment at {@code baseOffset}; the old one is trimmed and flushed. */
    LogSegment roll(long baseOffset, long now, LogConfig config) throws IOException {
        LogSegment old = segments.active();
        if (old != null && old.isEmpty()) {
            if (old.baseOffset() == baseOffset) {
                return old;
            }
            segments.remove(old);
            old.closeAndDelete();
        } else if (old != null) {
            old.onBecomeInactive();
            old.flush();
        }
        interceptor.beforeWrite(LogFileNames.logFile(dir, baseOffset), 0);
        LogSegment segment = LogSegment.open(dir, baseOffset, config);
        segments.add(segment);
        publish(Math.max(baseOffset, end == null ? baseOffset : end.offset()));
        LOG.debug("Rolled {} to a new segment at offset {}", topicPartition, baseOffset);
        return segment;
    }

    /**
     * Drops every batch ending at or after {@code offset} (whole batches), which lies above the first segment's base
     * offset: later segments are retired, the one holding it is cut and becomes the active one.
     */
    void truncateTo(long offset, long now, LogConfig config) throws IOException {
        for (LogSegment segment : segments.from(offset)) {
            retire(segment, now, config);
        }
        LogSegment active = segments.active();
        active.truncateTo(offset);
        active.resizeIndexes(config.segmentIndexBytes());
        publish(active.readNextOffset());
    }

    /** Retires every segment and starts the log empty at {@code offset}. */
    void replaceAllWithEmptyAt(long offset, long now, LogConfig config) throws IOException {
        for (LogSegment segment : segments.all()) {
            retire(segment, now, config);
        }
        segments.add(LogSegment.open(dir, offset, config));
        publish(offset);
    }

    /** Removes {@code segment} from the log; its files go once {@code file.delete.delay.ms} has passed. */
    void retire(LogSegment segment, long now, LogConfig config) throws IOException {
        segments.remove(segment);
        txnIndexes.removeSegment(segment.baseOffset());
        segment.renameToDeleted();
        deferredDeletions.schedule(segment, now + config.fileDeleteDelayMs());
    }

    /** Deletes the files of the retired segments that are due. */
    void deleteRetired(long now) {
        deferredDeletions.deleteDue(now);
    }

    /** Deletes the files of every retired segment (the log is closing). */
    void deleteAllRetired() {
        deferredDeletions.deleteAll();
    }

    /**
     * Swaps the cleaner's output {@code cleaned} (files {@code *.cleaned}, same base offset as {@code old}'s first)
     * in for {@code old}, as Kafka's replaceSegments does: rename to {@code *.swap}, replace in memory, rename the old
     * segments to {@code *.deleted} (their files stay open for reads in flight), then drop the swap suffix. A crash at
     * any step is finished or undone by {@link LogLoader}.
     */
    void swapIn(LogSegment cleaned, List<LogSegment> old, long now, LogConfig config) throws IOException {
        cleaned.renameSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
        CleanerCrashPoints.reached("renamed-to-swap", dir);
        segments.add(cleaned); // replaces old's first (same base offset): readers never find a hole
        for (LogSegment segment : old) {
            segments.remove(segment);
            if (segment != old.get(0)) {
                txnIndexes.removeSegment(segment.baseOffset());
            }
            segment.renameToDeleted();
            CleanerCrashPoints.reached("old-segment-deleted-" + segment.baseOffset(), dir);
            deferredDeletions.schedule(segment, now + config.fileDeleteDelayMs());
        }
        cleaned.renameSuffix(LogFileNames.SWAP_SUFFIX, "");
        CleanerCrashPoints.reached("swapped", dir);
        deferredDeletions.deleteDue(now);
    }

    /** Whether every one of {@code old} is still the segment at its base offset (none retired or swapped since). */
    boolean stillHolds(List<LogSegment> old) {
        return old.stream().allMatch(s -> segments.floor(s.baseOffset()) == s);
    }
}
