package dev.voltstream.broker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one partition: segments in {@code <topic>-<partition>/}, offsets, the leader-epoch cache, producer
 * state (idempotence and open transactions), the aborted-transaction indexes and retention.
 *
 * <p>Appends and other changes are serialized on one lock. Reads take no lock: they use the published
 * {@link EndOffset} (offset, active segment, byte position) and never read past it, so they see whole batches only.
 */
public final class PartitionLog implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);

    /** The next offset to assign and where the data ends, published together after each append. */
    private record EndOffset(long offset, long segmentBaseOffset, int position) {
    }

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Time time;
    private final Object lock = new Object();
    private final LogSegments segments;
    private final LeaderEpochCache epochCache;
    private final ProducerStateManager producerState;
    private TransactionIndexes txnIndexes;
    private final DeferredDeletions deferredDeletions = new DeferredDeletions();
    private final WriteInterceptor interceptor;
    private final LogHealth health;
    private volatile LogConfig config;
    private volatile long logStartOffset;
    private volatile EndOffset endOffset;
    private boolean closed;
    /** Bumped by every truncation: a cleaning pass that started before one must not swap its output in. */
    private long truncations;
    /** Where cleaning must stop: the high watermark when a replica owns this log (records above may be truncated). */
    private volatile java.util.function.LongSupplier cleaningBound = () -> Long.MAX_VALUE;

    private PartitionLog(Path dir, TopicPartition tp, LogConfig config, Time time, LogSegments segments,
                         long logStartOffset, LeaderEpochCache epochCache, WriteInterceptor interceptor,
                         BiConsumer<Path, IOException> dirFailed) {
        this.interceptor = interceptor;
        this.health = new LogHealth(tp, dir.toAbsolutePath().normalize().getParent(), dirFailed);
        this.dir = dir;
        this.topicPartition = tp;
        this.config = config;
        this.time = time;
        this.segments = segments;
        this.logStartOffset = logStartOffset;
        this.epochCache = epochCache;
        this.producerState = new ProducerStateManager(tp);
    }

    /** Opens the log in {@code dir} (creating it when new), recovering it if the last stop was unclean. */
    public static PartitionLog open(Path dir, TopicPartition tp, LogConfig config, Time time) throws IOException {
        return open(dir, tp, config, time, WriteInterceptor.NONE, (logDir, e) -> { });
    }

    /**
     * Opens the log with a write interceptor (tests inject disk faults with it) and the handler told when a write
     * fails for a reason other than space, so the owner can take the whole log dir offline.
     */
    public static PartitionLog open(Path dir, TopicPartition tp, LogConfig config, Time time,
                                    WriteInterceptor interceptor, BiConsumer<Path, IOException> dirFailed)
            throws IOException {
        long checkpointedStart = CheckpointFile.readLong(dir.resolve(LogFileNames.LOG_START_OFFSET), 0L);
        LogLoader.Loaded loaded = LogLoader.load(dir, tp, config, checkpointedStart);
        long start = Math.min(Math.max(checkpointedStart, loaded.segments().first().baseOffset()),
                loaded.nextOffset());
        LeaderEpochCache epochs = LeaderEpochCache.load(dir.resolve(LogFileNames.LEADER_EPOCH_CHECKPOINT));
        epochs.truncateFromEnd(loaded.nextOffset());
        epochs.truncateFromStart(start);
        PartitionLog log = new PartitionLog(dir, tp, config, time, loaded.segments(), start, epochs, interceptor,
                dirFailed);
        log.publishEndOffset(loaded.nextOffset());
        log.txnIndexes = TransactionIndexes.load(dir, loaded.segments());
        log.loadProducerState(loaded.cleanShutdown());
        return log;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Path dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** New settings apply from the next append, roll or retention check. */
    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return endOffset.offset();
    }

    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public int numberOfSegments() {
        return segments.count();
    }

    public int latestEpoch() {
        return epochCache.latestEpoch();
    }

    /** Kafka's OffsetsForLeaderEpoch answer from the leader-epoch cache. */
    public EpochEndOffset endOffsetForEpoch(int requestedEpoch) {
        return epochCache.endOffsetFor(requestedEpoch, logEndOffset());
    }

    public List<ProducerInfo> activeProducers() {
        return producerState.activeProducers();
    }

    /** The first offset of the oldest open transaction; empty when none is open. */
    public OptionalLong firstUnstableOffset() {
        return producerState.firstUnstableOffset();
    }

    /**
     * The aborted transactions a read_committed fetch from {@code fetchOffset} must know about: those with data
     * before {@code upperBoundOffset} whose abort marker is at or after {@code fetchOffset}.
     */
    public List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBoundOffset) {
        return txnIndexes.collect(fetchOffset, upperBoundOffset);
    }

    /**
     * Appends a transaction marker (a control batch of one COMMIT or ABORT record, Kafka's format) for
     * {@code producerId} as leader: it closes the producer's open transaction here, and an abort is recorded in the
     * aborted-transaction index of the segment it lands in.
     *
     * @throws org.apache.kafka.common.errors.InvalidProducerEpochException when the producer's epoch here is newer
     */
    public LogAppendResult appendTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
                                                   boolean commit, int leaderEpoch) throws IOException {
        synchronized (lock) {
            ensureOpen();
            long now = time.milliseconds();
            long offset = logEndOffset();
            MemoryRecords records = MemoryRecords.withEndTransactionMarker(offset, now, leaderEpoch, producerId,
                    producerEpoch, new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                            coordinatorEpoch));
            ProducerStateManager.Append producers = producerState.begin();
            producers.add(records.batches().iterator().next(), offset, offset, true);
            write(records, offset, offset, now);
            epochCache.assign(leaderEpoch, offset);
            producers.commit();
            indexAborted(producers.completedTxns());
            return new LogAppendResult(offset, offset, -1, logStartOffset, 1, false);
        }
    }

    /**
     * Validates a produce request's batches and appends them with offsets from the log end offset, the given leader
     * epoch and (for LogAppendTime) the broker's time. Nothing is written when any batch is invalid. The request's
     * buffer is rewritten in place unless it is read-only.
     */
    public LogAppendResult appendAsLeader(MemoryRecords records, int leaderEpoch) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (records.sizeInBytes() == 0) {
                return new LogAppendResult(-1, -1, -1, logStartOffset, 0, false);
            }
            LogConfig cfg = config;
            MemoryRecords writable = LeaderBatchStamper.writable(records);
            List<MutableRecordBatch> batches = AppendValidator.validateForLeader(writable, cfg);
            if (cfg.cleanup().compact()) {
                CompactedKeys.requireKeys(batches, topicPartition);
            }
            long now = time.milliseconds();
            long firstOffset = logEndOffset();
            int count = LeaderBatchStamper.stamp(batches, firstOffset, leaderEpoch, cfg.logAppendTime(), now);
            long lastOffset = firstOffset + count - 1;
            ProducerStateManager.Append producers = producerState.begin();
            for (MutableRecordBatch batch : batches) {
                Optional<ProducerStateEntry.Batch> duplicate = producerState.findDuplicate(batch);
                if (duplicate.isPresent()) {
                    return new LogAppendResult(duplicate.get().firstOffset(), duplicate.get().lastOffset(), -1,
                            logStartOffset, count, true);
                }
                producers.add(batch, batch.baseOffset(), batch.lastOffset(), true);
            }
            write(writable, firstOffset, lastOffset, now);
            epochCache.assign(leaderEpoch, firstOffset);
            producers.commit();
            return new LogAppendResult(firstOffset, lastOffset, cfg.logAppendTime() ? now : -1, logStartOffset,
                    count, false);
        }
    }

    /** Appends batches that already carry offsets and epochs (replication); they must start at or after the end. */
    public LogAppendResult appendAsFollower(MemoryRecords records) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (records.sizeInBytes() == 0) {
                return new LogAppendResult(-1, -1, -1, logStartOffset, 0, false);
            }
            List<MutableRecordBatch> batches = AppendValidator.validateForFollower(records, config, logEndOffset());
            ProducerStateManager.Append producers = producerState.begin();
            int count = 0;
            for (MutableRecordBatch batch : batches) {
                producers.add(batch, batch.baseOffset(), batch.lastOffset(), false);
                count += (int) (batch.lastOffset() - batch.baseOffset() + 1);
            }
            long firstOffset = batches.get(0).baseOffset();
            long lastOffset = batches.get(batches.size() - 1).lastOffset();
            write(records, firstOffset, lastOffset, time.milliseconds());
            for (MutableRecordBatch batch : batches) {
                epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
            }
            producers.commit();
            indexAborted(producers.completedTxns());
            return new LogAppendResult(firstOffset, lastOffset, -1, logStartOffset, count, false);
        }
    }

    /**
     * Whole batches from the one holding {@code fetchOffset}, up to {@code maxBytes} (at least one batch when
     * {@code minOneBatch}), none at or beyond {@code maxOffsetExclusive}.
     *
     * @throws OffsetOutOfRangeException when {@code fetchOffset} is below the log start or above the log end
     */
    public LogReadResult read(long fetchOffset, int maxBytes, long maxOffsetExclusive, boolean minOneBatch)
            throws IOException {
        health.ensureOnline();
        EndOffset end = endOffset;
        long start = logStartOffset;
        if (fetchOffset < start || fetchOffset > end.offset()) {
            throw new OffsetOutOfRangeException("Offset " + fetchOffset + " is out of range for " + topicPartition
                    + ": log start offset " + start + ", log end offset " + end.offset());
        }
        return LogReader.read(segments, fetchOffset, maxBytes, maxOffsetExclusive, minOneBatch,
                new LogReader.Bounds(start, end.offset(), end.segmentBaseOffset(), end.position()));
    }

    /** The earliest record with timestamp {@code >= targetTimestamp}, empty when there is none. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long targetTimestamp) throws IOException {
        return LogReader.offsetForTimestamp(segments, targetTimestamp, logStartOffset);
    }

    /** The first record with the log's largest timestamp, empty when the log has none. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
        return LogReader.maxTimestampAndOffset(segments);
    }

    /**
     * Raises the log start offset to {@code offset} (persisted) and deletes the segments wholly below it.
     *
     * @return the new log start offset
     * @throws OffsetOutOfRangeException when {@code offset} is negative or above the log end offset
     */
    public long deleteRecordsBefore(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (offset < 0 || offset > logEndOffset()) {
                throw new OffsetOutOfRangeException("Cannot delete records before " + offset + " in "
                        + topicPartition + ": log end offset is " + logEndOffset());
            }
            OptionalLong unstable = producerState.firstUnstableOffset();
            if (unstable.isPresent() && offset > unstable.getAsLong()) {
                throw new OffsetOutOfRangeException("Cannot delete records before " + offset + " in "
                        + topicPartition + ": a transaction open since offset " + unstable.getAsLong()
                        + " is not complete");
            }
            if (offset > logStartOffset) {
                long now = time.milliseconds();
                for (LogSegment segment : segments.all()) {
                    LogSegment next = segments.higher(segment.baseOffset());
                    if (next == null || next.baseOffset() > offset) {
                        break;
                    }
                    deleteSegment(segment, now);
                }
                advanceLogStartOffset(offset);
                deferredDeletions.deleteDue(now);
            }
            return logStartOffset;
        }
    }

    /**
     * Deletes the oldest segments past {@code retention.ms} or beyond {@code retention.bytes}; when all of them are
     * due, rolls an empty active segment first so the log keeps its end offset. Also removes the files of earlier
     * deleted segments once {@code file.delete.delay.ms} has passed.
     *
     * @return the number of segments deleted
     */
    public int enforceRetention(long nowMs) throws IOException {
        synchronized (lock) {
            if (closed || health.isOffline()) {
                return 0;
            }
            try {
                return deleteDueSegments(nowMs);
            } catch (IOException e) {
                throw health.writeFailed("Retention", e);
            }
        }
    }

    private int deleteDueSegments(long nowMs) throws IOException {
        deferredDeletions.deleteDue(nowMs);
        List<LogSegment> all = segments.all();
        int deletable = RetentionPolicy.deletableSegments(all, config, nowMs);
        // Never past an open transaction: its abort marker must still find its data (and its index entry).
        OptionalLong unstable = producerState.firstUnstableOffset();
        while (unstable.isPresent() && deletable > 0 && (deletable == all.size()
                || all.get(deletable).baseOffset() > unstable.getAsLong())) {
            deletable--;
        }
        if (deletable == 0) {
            return 0;
        }
        if (deletable == all.size()) {
            roll(logEndOffset(), nowMs);
        }
        for (int i = 0; i < deletable; i++) {
            deleteSegment(all.get(i), nowMs);
        }
        advanceLogStartOffset(segments.first().baseOffset());
        deferredDeletions.deleteDue(nowMs);
        LOG.info("Retention deleted {} segment(s) of {}; log start offset is now {}", deletable,
                topicPartition, logStartOffset);
        return deletable;
    }

    /** Drops every batch ending at or after {@code offset} (whole batches) and fixes indexes, epochs, producers. */
    public void truncateTo(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (offset >= logEndOffset()) {
                return;
            }
            long now = time.milliseconds();
            LogConfig cfg = config;
            if (offset <= segments.first().baseOffset()) {
                truncateFullyAndStartAt(Math.max(offset, 0), now);
            } else {
                for (LogSegment segment : segments.from(offset)) {
                    deleteSegment(segment, now);
                }
                LogSegment active = segments.active();
                active.truncateTo(offset);
                active.resizeIndexes(cfg.segmentIndexBytes());
                publishEndOffset(active.readNextOffset());
            }
            if (logStartOffset > logEndOffset()) {
                setLogStartOffset(logEndOffset());
            }
            epochCache.truncateFromEnd(logEndOffset());
            producerState.clear();
            truncations++;
            List<AbortedTxn> aborted = ProducerStateLoader.replay(producerState, segments, logStartOffset,
                    logEndOffset());
            txnIndexes.rebuild(segments, Long.MIN_VALUE, aborted);
            deferredDeletions.deleteDue(now);
        }
    }

    /**
     * Drops the whole log and starts it empty at {@code offset}: a follower whose log ends below the leader's log
     * start (the leader deleted what it would fetch next) can only continue from there.
     */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            long now = time.milliseconds();
            truncateFullyAndStartAt(offset, now);
            truncations++;
            epochCache.clear();
            producerState.clear();
            txnIndexes.rebuild(segments, Long.MIN_VALUE, List.of());
            deferredDeletions.deleteDue(now);
        }
    }

    /** Forces the active segment to disk; a failure is a storage failure like a failed append. */
    public void flush() throws IOException {
        health.ensureOnline();
        try {
            segments.active().flush();
        } catch (IOException e) {
            throw health.writeFailed("Flush", e);
        }
    }

    /** Whether the log dir holding this log has failed (reads and writes then fail until a restart). */
    public boolean isOffline() {
        return health.isOffline();
    }

    /** Whether the last append was refused for lack of space (and none has succeeded since). */
    public boolean isOutOfSpace() {
        return health.isOutOfSpace();
    }

    /** Takes the log offline: its dir failed. Every later read or write fails with KAFKA_STORAGE_ERROR. */
    public void markOffline(String reason) {
        health.markOffline(reason);
    }

    /** Flushes, snapshots the producer state, trims the indexes and writes the clean-shutdown marker. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (health.isOffline()) {
                // No clean-shutdown marker: the next start re-reads the files of a dir that failed.
                segments.closeHandlersQuietly();
                return;
            }
            flush();
            ProducerStateSnapshot.write(dir.resolve(LogFileNames.PRODUCER_SNAPSHOT), logEndOffset(),
                    producerState.entries());
            segments.closeAll();
            deferredDeletions.deleteAll();
            Files.write(dir.resolve(LogFileNames.CLEAN_SHUTDOWN), new byte[0]);
        }
    }

    /** Closes the log and removes its directory (topic deletion). */
    public void deleteFiles() throws IOException {
        synchronized (lock) {
            close();
            segments.clear();
            FileTree.deleteRecursively(dir);
        }
    }

    /** What a cleaning pass starts from, read together under the lock (see {@link Cleaner}). */
    record CleaningSnapshot(List<LogSegment> segments, long logStartOffset, long lastStableOffset, long truncations,
                            Map<Long, ProducerStateEntry> producers, LogConfig config) {
    }

    CleaningSnapshot cleaningSnapshot() {
        synchronized (lock) {
            ensureOpen();
            long stable = Math.min(producerState.firstUnstableOffset().orElse(logEndOffset()),
                    cleaningBound.getAsLong());
            return new CleaningSnapshot(segments.all(), logStartOffset, stable, truncations, producerState.entries(),
                    config);
        }
    }

    /**
     * Bounds the log cleaner by {@code highWatermark} (as Kafka cleans only below the last stable offset, itself
     * below the high watermark): a record above it may still be truncated, and the older value of its key that a
     * cleaning would have removed must then still be there.
     */
    public void boundCleaningBy(java.util.function.LongSupplier highWatermark) {
        this.cleaningBound = highWatermark;
    }

    /**
     * Swaps the cleaner's output {@code cleaned} (files {@code *.cleaned}, same base offset as {@code old}'s first)
     * in for {@code old}, as Kafka's replaceSegments does: rename to {@code *.swap}, replace in memory, rename the old
     * segments to {@code *.deleted} (their files stay open for reads in flight), then drop the swap suffix. A crash at
     * any step is finished or undone by {@link LogLoader}. Nothing happens (false) when the log was truncated or any
     * of {@code old} removed since {@code snapshot} was taken.
     */
    boolean swapInCleaned(LogSegment cleaned, List<LogSegment> old, CleaningSnapshot snapshot) throws IOException {
        synchronized (lock) {
            if (closed || health.isOffline() || truncations != snapshot.truncations()
                    || !old.stream().allMatch(s -> segments.floor(s.baseOffset()) == s)) {
                return false;
            }
            try {
                cleaned.renameSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
                CleanerCrashPoints.reached("renamed-to-swap", dir);
                long now = time.milliseconds();
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
                return true;
            } catch (IOException e) {
                throw health.writeFailed("Cleaning", e);
            }
        }
    }

    /** Rolls if needed and appends; a failed write is cut back and reported as {@link KafkaStorageException}. */
    private void write(MemoryRecords records, long firstOffset, long lastOffset, long now) {
        try {
            LogSegment segment = maybeRoll(records.sizeInBytes(), firstOffset, lastOffset, now);
            segment.append(lastOffset, records, now, interceptor);
        } catch (IOException e) {
            throw health.writeFailed("Append", e);
        }
        health.writeSucceeded();
        publishEndOffset(lastOffset + 1);
    }

    private LogSegment maybeRoll(int size, long firstOffset, long lastOffset, long now) throws IOException {
        LogSegment active = segments.active();
        LogConfig cfg = config;
        if (active.isEmpty()) {
            return active.canHold(lastOffset) && active.baseOffset() <= firstOffset ? active : roll(firstOffset, now);
        }
        boolean full = (long) active.size() + size > cfg.segmentBytes();
        boolean old = now - active.rollBaseMs() > cfg.rollMs();
        if (full || old || active.indexesFull() || !active.canHold(lastOffset)) {
            return roll(firstOffset, now);
        }
        return active;
    }

    /** Starts a new active segment at {@code baseOffset}; the old one is trimmed and flushed. */
    private LogSegment roll(long baseOffset, long now) throws IOException {
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
        publishEndOffset(Math.max(baseOffset, endOffset == null ? baseOffset : endOffset.offset()));
        LOG.debug("Rolled {} to a new segment at offset {}", topicPartition, baseOffset);
        return segment;
    }

    private void truncateFullyAndStartAt(long offset, long now) throws IOException {
        for (LogSegment segment : segments.all()) {
            deleteSegment(segment, now);
        }
        segments.add(LogSegment.open(dir, offset, config));
        publishEndOffset(offset);
        setLogStartOffset(offset);
    }

    private void deleteSegment(LogSegment segment, long now) throws IOException {
        segments.remove(segment);
        if (txnIndexes != null) {
            txnIndexes.removeSegment(segment.baseOffset());
        }
        segment.renameToDeleted();
        deferredDeletions.schedule(segment, now + config.fileDeleteDelayMs());
    }

    private void advanceLogStartOffset(long offset) throws IOException {
        if (offset > logStartOffset) {
            setLogStartOffset(offset);
            epochCache.truncateFromStart(offset);
            producerState.removeBefore(offset);
        }
    }

    private void setLogStartOffset(long offset) throws IOException {
        logStartOffset = offset;
        CheckpointFile.writeLong(dir.resolve(LogFileNames.LOG_START_OFFSET), offset);
    }

    /** Publishes the end offset; the data of the active segment ends at its current size. */
    private void publishEndOffset(long nextOffset) {
        LogSegment active = segments.active();
        endOffset = new EndOffset(nextOffset, active.baseOffset(), active.size());
    }

    private void loadProducerState(boolean cleanShutdown) throws IOException {
        ProducerStateLoader.Replayed replayed = ProducerStateLoader.load(producerState, segments,
                dir.resolve(LogFileNames.PRODUCER_SNAPSHOT), cleanShutdown, logStartOffset, logEndOffset());
        if (replayed.fromOffset() <= logStartOffset) {
            // The whole log was replayed (after an unclean stop): the indexes may miss what the stop cut off.
            txnIndexes.rebuild(segments, Long.MIN_VALUE, replayed.aborted());
        } else {
            for (AbortedTxn txn : replayed.aborted()) {
                if (!abortedTransactions(txn.lastOffset(), Long.MAX_VALUE).contains(txn)) {
                    txnIndexes.append(segments.floor(txn.lastOffset()).baseOffset(), txn);
                }
            }
        }
    }

    /** Records the aborted ones of {@code completed} in the index of the segment holding their marker. */
    private void indexAborted(List<ProducerStateManager.CompletedTxn> completed) throws IOException {
        for (ProducerStateManager.CompletedTxn txn : completed) {
            if (txn.aborted()) {
                long lso = producerState.firstUnstableOffset().orElse(txn.lastOffset() + 1);
                txnIndexes.append(segments.floor(txn.lastOffset()).baseOffset(),
                        new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(), lso));
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new KafkaStorageException("The log of " + topicPartition + " is closed");
        }
        health.ensureOnline();
    }

    @Override
    public String toString() {
        return "PartitionLog(" + topicPartition + ", " + dir + ")";
    }
}
