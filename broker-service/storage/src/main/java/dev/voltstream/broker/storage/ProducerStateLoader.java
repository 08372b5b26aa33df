package dev.voltstream.broker.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;

/**
 * Restores idempotent-producer state when a log opens: from the snapshot written at a clean close, then by replaying
 * the producer fields of batch headers after it (all of them after an unclean stop).
 */
final class ProducerStateLoader {
    private ProducerStateLoader() {
    }

    /** What a load replayed: from which offset, and the aborted transactions it found there. */
    record Replayed(long fromOffset, List<AbortedTxn> aborted) {
    }

    /** What a replay found: the aborted transactions, and how many batches it read to find them. */
    record Replay(List<AbortedTxn> aborted, int batchesRead) {
    }

    static Replayed load(ProducerStateManager state, LogSegments segments, Path snapshotFile, boolean cleanShutdown,
                         long logStartOffset, long logEndOffset) throws IOException {
        Optional<ProducerStateSnapshot.Contents> snapshot = ProducerStateSnapshot.read(snapshotFile);
        // Deleted once read: after the next unclean stop it would be stale, and the log is replayed instead.
        Files.deleteIfExists(snapshotFile);
        long from = logStartOffset;
        if (cleanShutdown && snapshot.isPresent() && snapshot.get().offset() <= logEndOffset) {
            state.load(snapshot.get().producers());
            from = Math.max(from, snapshot.get().offset());
        }
        List<AbortedTxn> aborted = replay(state, segments, from, logEndOffset).aborted();
        state.removeBefore(logStartOffset);
        return new Replayed(from, aborted);
    }

    /**
     * Applies the producer fields of every batch ending at or after {@code fromOffset}, without checks, and returns
     * the transactions aborted there (with the LSO each abort left, as when it was written). Reads from the indexed
     * batch at or below {@code fromOffset}, not from the start of its segment.
     */
    static Replay replay(ProducerStateManager state, LogSegments segments, long fromOffset, long logEndOffset) {
        List<AbortedTxn> aborted = new ArrayList<>();
        if (fromOffset >= logEndOffset) {
            return new Replay(aborted, 0);
        }
        int read = 0;
        LogSegment first = segments.floor(fromOffset);
        for (LogSegment segment : segments.from(first == null ? fromOffset : first.baseOffset())) {
            for (FileChannelRecordBatch batch : segment.batchesFrom(fromOffset)) {
                read++;
                if (batch.lastOffset() >= fromOffset && batch.hasProducerId()) {
                    ProducerStateManager.Append replay = state.begin();
                    replay.add(batch, batch.baseOffset(), batch.lastOffset(), false);
                    replay.commit();
                    for (ProducerStateManager.CompletedTxn txn : replay.completedTxns()) {
                        if (txn.aborted()) {
                            aborted.add(new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(),
                                    state.firstUnstableOffset().orElse(txn.lastOffset() + 1)));
                        }
                    }
                }
            }
        }
        return new Replay(aborted, read);
    }
}
