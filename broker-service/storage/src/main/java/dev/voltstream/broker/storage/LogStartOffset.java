package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a partition log starts: the first offset a reader may fetch, checkpointed to
 * {@code log-start-offset-checkpoint} on every change; advancing it forgets the leader epochs and producers wholly
 * below it. Changed under the owning {@link PartitionLog}'s lock, read without it.
 */
final class LogStartOffset {
    private final Path checkpoint;
    private final LeaderEpochCache epochCache;
    private final ProducerStateManager producerState;
    private volatile long offset;

    LogStartOffset(Path dir, long offset, LeaderEpochCache epochCache, ProducerStateManager producerState) {
        this.checkpoint = dir.resolve(LogFileNames.LOG_START_OFFSET);
        this.offset = offset;
        this.epochCache = epochCache;
        this.producerState = producerState;
    }

    long get() {
        return offset;
    }

    /** Sets the log start offset (persisted) as it is: after a truncation it may go down. */
    void set(long offset) throws IOException {
        this.offset = offset;
        CheckpointFile.writeLong(checkpoint, offset);
    }

    /** Raises the log start offset to {@code offset} (persisted) and trims epochs and producers below it. */
    void advanceTo(long offset) throws IOException {
        if (offset > this.offset) {
            set(offset);
            epochCache.truncateFromStart(offset);
            producerState.removeBefore(offset);
        }
    }
}
