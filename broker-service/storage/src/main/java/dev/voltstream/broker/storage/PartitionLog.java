package dev.voltstream.broker.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.utils.Time;

/**
 * The log of one partition: segments in {@code <topic>-<partition>/}, offsets, the leader-epoch cache, producer
 * state (idempotence and open transactions), the aborted-transaction indexes and retention.
 *
 * <p>Appends and other changes are serialized on one lock. Reads take no lock: they use the published
 * {@link LogFiles.EndOffset} (offset, active segment, byte position) and never read past it, so they see whole
 * batches only. The work is done by its parts, each called under the lock: {@link LogFiles} (segments, roll, retired
 * files, the cleaner's swap), {@link LogAppender} (leader, follower and marker appends), {@link LogRetention}
 * (retention and DeleteRecords) and {@link LogStartOffset}; this class keeps the lock, the lifecycle (open,
 * truncate, close) and the reads.
 */
public final class PartitionLog implements Closeable {

    private final Path dir;
    private final TopicPartition topicPartition;
    private final Time time;
    private final Object lock = new Object();
    private final LogFiles files;
    private final LogSegments segments;
    private final TransactionIndexes txnIndexes;
    private final LeaderEpochCache epochCache;
    private final ProducerStateManager producerState;
    private final ProducerStateCheckpoints producerCheckpoints = new ProducerStateCheckpoints();
    private final LogHealth health;
    private final LogStartOffset logStart;
    private final LogAppender appender;
    private final LogRetention retention;
    private volatile LogConfig config;
    private boolean closed;
    /** Bumped by every truncation: a cleaning pass that started before one must not swap its output in. */
    private long truncations;
    /** Batches the last truncation read to rebuild the producer state (tests: it must not grow with the log). */
    private int replayedByLastTruncation;
    /** Where cleaning must stop: the high watermark when a replica owns this log (records above may be truncated). */
    private volatile java.util.function.LongSupplier cleaningBound = () -> Long.MAX_VALUE;

    private PartitionLog(Path dir, TopicPartition tp, LogConfig config, Time time, LogFiles files,
                         long logStartOffset, LeaderEpochCache epochCache, BiConsumer<Path, IOException> dirFailed) {
        this.files = files;
        this.segments = files.segments();
        this.txnIndexes = files.txnIndexes();
        this.health = new LogHealth(tp, dir.toAbsolutePath().normalize().getParent(), dirFailed);
        this.dir = dir;
        this.topicPartition = tp;
        this.config = config;
        this.time = time;
        this.epochCache = epochCache;
        this.producerState = new ProducerStateManager(tp);
        this.logStart = new LogStartOffset(dir, logStartOffset, epochCache, producerState);
        this.appender = new LogAppender(tp, files, producerState, epochCache, health, time);
        this.retention = new LogRetention(tp, files, logStart, producerState);
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
        LogFiles files = new LogFiles(dir, tp, loaded.segments(), TransactionIndexes.load(dir, loaded.segments()),
                interceptor);
        PartitionLog log = new PartitionLog(dir, tp, config, time, files, start, epochs, dirFailed);
        files.publish(loaded.nextOffset());
        ProducerStateLoader.Replayed replayed = ProducerStateLoader.load(log.producerState, log.segments,
                dir.resolve(LogFileNames.PRODUCER_SNAPSHOT), loaded.cleanShutdown(), start, loaded.nextOffset());
        log.txnIndexes.addReplayed(replayed, log.segments, start);
        // A cut above the log end at open (after the follower caught up a little) replays from there.
        log.producerCheckpoints.opened(loaded.nextOffset(), log.producerState);
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
        return logStart.get();
    }

    public long logEndOffset() {
        return files.end().offset();
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
            LogAppendResult result = appender.transactionMarker(producerId, producerEpoch, coordinatorEpoch, commit,
                    leaderEpoch, config, logStart.get());
            producerCheckpoints.appended(1, logEndOffset(), producerState);
            return result;
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
            LogAppendResult result = appender.asLeader(records, leaderEpoch, config, logStart.get());
            producerCheckpoints.appended(records.sizeInBytes(), logEndOffset(), producerState);
            return result;
        }
    }

    /** Appends batches that already carry offsets and epochs (replication); they must start at or after the end. */
    public LogAppendResult appendAsFollower(MemoryRecords records) throws IOException {
        synchronized (lock) {
            ensureOpen();
            LogAppendResult result = appender.asFollower(records, config, logStart.get());
            producerCheckpoints.appended(records.sizeInBytes(), logEndOffset(), producerState);
            return result;
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
        LogFiles.EndOffset end = files.end();
        return LogReader.read(topicPartition, segments, fetchOffset, maxBytes, maxOffsetExclusive, minOneBatch,
                new LogReader.Bounds(logStart.get(), end.offset(), end.segmentBaseOffset(), end.position()));
    }

    /** The earliest record with timestamp {@code >= targetTimestamp}, empty when there is none. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long targetTimestamp) throws IOException {
        return LogReader.offsetForTimestamp(segments, targetTimestamp, logStart.get());
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
            return retention.deleteRecordsBefore(offset, config, time.milliseconds());
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
                return retention.deleteDueSegments(config, nowMs);
            } catch (IOException e) {
                throw health.writeFailed("Retention", e);
            }
        }
    }

    /** Drops every batch ending at or after {@code offset} (whole batches) and fixes indexes, epochs, producers. */
    int replayedByLastTruncation() {
        synchronized (lock) {
            return replayedByLastTruncation;
        }
    }

    public void truncateTo(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (offset >= logEndOffset()) {
                return;
            }
            long now = time.milliseconds();
            if (offset <= segments.first().baseOffset()) {
                files.replaceAllWithEmptyAt(Math.max(offset, 0), now, config);
                logStart.set(Math.max(offset, 0));
            } else {
                files.truncateTo(offset, now, config);
            }
            if (logStart.get() > logEndOffset()) {
                logStart.set(logEndOffset());
            }
            long end = logEndOffset();
            epochCache.truncateFromEnd(end);
            truncations++;
            var checkpoint = producerCheckpoints.truncatedTo(end, logStart.get());
            if (checkpoint.isPresent()) {
                // Only the batches after the copy are replayed; the aborted transactions before the new end are
                // already indexed, those after it go with the truncated tail.
                producerState.load(checkpoint.get().getValue());
                replayedByLastTruncation = ProducerStateLoader.replay(producerState, segments,
                        checkpoint.get().getKey(), end).batchesRead();
                producerState.removeBefore(logStart.get());
                txnIndexes.truncateTo(end);
            } else {
                producerState.clear();
                ProducerStateLoader.Replay replay = ProducerStateLoader.replay(producerState, segments,
                        logStart.get(), end);
                replayedByLastTruncation = replay.batchesRead();
                txnIndexes.rebuild(segments, Long.MIN_VALUE, replay.aborted());
            }
            files.deleteRetired(now);
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
            files.replaceAllWithEmptyAt(offset, now, config);
            logStart.set(offset);
            truncations++;
            epochCache.clear();
            producerState.clear();
            producerCheckpoints.clear();
            txnIndexes.rebuild(segments, Long.MIN_VALUE, List.of());
            files.deleteRetired(now);
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
            files.deleteAllRetired();
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
    CleaningSnapshot cleaningSnapshot() {
        synchronized (lock) {
            ensureOpen();
            long stable = Math.min(producerState.firstUnstableOffset().orElse(logEndOffset()),
                    cleaningBound.getAsLong());
            return new CleaningSnapshot(segments.all(), logStart.get(), stable, truncations, producerState.entries(),
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
     * Swaps the cleaner's output {@code cleaned} in for {@code old} ({@link LogFiles#swapIn}). Nothing happens (false)
     * when the log was truncated or any of {@code old} removed since {@code snapshot} was taken.
     */
    boolean swapInCleaned(LogSegment cleaned, List<LogSegment> old, CleaningSnapshot snapshot) throws IOException {
        synchronized (lock) {
            if (closed || health.isOffline() || truncations != snapshot.truncations() || !files.stillHolds(old)) {
                return false;
            }
            try {
                files.swapIn(cleaned, old, time.milliseconds(), config);
                return true;
            } catch (IOException e) {
                throw health.writeFailed("Cleaning", e);
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
