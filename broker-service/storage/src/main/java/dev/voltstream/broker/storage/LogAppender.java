package dev.voltstream.broker.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.utils.Time;

/**
 * The three ways records enter a partition log: a leader's produce (validated, offsets and epoch stamped, duplicates
 * of an idempotent producer answered with the first write's offsets), a follower's replicated batches (offsets and
 * epochs as the leader gave them), and a transaction marker. Each updates the producer state, the leader-epoch cache
 * and, for aborts, the aborted-transaction index; nothing is written when a batch is invalid. Called under the
 * {@link PartitionLog}'s lock.
 */
final class LogAppender {
    private final TopicPartition topicPartition;
    private final LogFiles files;
    private final ProducerStateManager producerState;
    private final LeaderEpochCache epochCache;
    private final LogHealth health;
    private final Time time;

    LogAppender(TopicPartition topicPartition, LogFiles files, ProducerStateManager producerState,
                LeaderEpochCache epochCache, LogHealth health, Time time) {
        this.topicPartition = topicPartition;
        this.files = files;
        this.producerState = producerState;
        this.epochCache = epochCache;
        this.health = health;
        this.time = time;
    }

    LogAppendResult transactionMarker(long producerId, short producerEpoch, int coordinatorEpoch, boolean commit,
                                      int leaderEpoch, LogConfig config, long logStartOffset) throws IOException {
        long now = time.milliseconds();
        long offset = files.end().offset();
        MemoryRecords records = MemoryRecords.withEndTransactionMarker(offset, now, leaderEpoch, producerId,
                producerEpoch, new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
                        coordinatorEpoch));
        ProducerStateManager.Append producers = producerState.begin();
        producers.add(records.batches().iterator().next(), offset, offset, true);
        write(records, offset, offset, now, config);
        epochCache.assign(leaderEpoch, offset);
        producers.commit();
        indexAborted(producers);
        return new LogAppendResult(offset, offset, -1, logStartOffset, 1, false);
    }

    LogAppendResult asLeader(MemoryRecords records, int leaderEpoch, LogConfig config, long logStartOffset)
            throws IOException {
        if (records.sizeInBytes() == 0) {
            return new LogAppendResult(-1, -1, -1, logStartOffset, 0, false);
        }
        MemoryRecords writable = LeaderBatchStamper.writable(records);
        List<MutableRecordBatch> batches = AppendValidator.validateForLeader(writable, config);
        if (config.cleanup().compact()) {
            CompactedKeys.requireKeys(batches, topicPartition);
        }
        long now = time.milliseconds();
        long firstOffset = files.end().offset();
        int count = LeaderBatchStamper.stamp(batches, firstOffset, leaderEpoch, config.logAppendTime(), now);
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
        write(writable, firstOffset, lastOffset, now, config);
        epochCache.assign(leaderEpoch, firstOffset);
        producers.commit();
        return new LogAppendResult(firstOffset, lastOffset, config.logAppendTime() ? now : -1, logStartOffset,
                count, false);
    }

    LogAppendResult asFollower(MemoryRecords records, LogConfig config, long logStartOffset) throws IOException {
        if (records.sizeInBytes() == 0) {
            return new LogAppendResult(-1, -1, -1, logStartOffset, 0, false);
        }
        List<MutableRecordBatch> batches = AppendValidator.validateForFollower(records, config, files.end().offset());
        ProducerStateManager.Append producers = producerState.begin();
        int count = 0;
        for (MutableRecordBatch batch : batches) {
            producers.add(batch, batch.baseOffset(), batch.lastOffset(), false);
            count += (int) (batch.lastOffset() - batch.baseOffset() + 1);
        }
        long firstOffset = batches.get(0).baseOffset();
        long lastOffset = batches.get(batches.size() - 1).lastOffset();
        write(records, firstOffset, lastOffset, time.milliseconds(), config);
        for (MutableRecordBatch batch : batches) {
            epochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
        }
        producers.commit();
        indexAborted(producers);
        return new LogAppendResult(firstOffset, lastOffset, -1, logStartOffset, count, false);
    }

    private void indexAborted(ProducerStateManager.Append producers) throws IOException {
        files.txnIndexes().indexAborted(producers.completedTxns(), files.segments(), producerState.firstUnstableOffset());
    }

    /** Rolls if needed and appends; a failed write is cut back and reported as {@link KafkaStorageException}. */
    private void write(MemoryRecords records, long firstOffset, long lastOffset, long now, LogConfig config) {
        try {
            files.append(records, firstOffset, lastOffset, now, config);
        } catch (IOException e) {
            throw health.writeFailed("Append", e);
        }
        health.writeSucceeded();
        files.publish(lastOffset + 1);
    }
}
