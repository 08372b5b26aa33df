package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.replica.Partition;

/**
 * Cluster mode's store of one coordinator shard: a partition of {@code __transaction_state} this broker leads. A
 * write is appended as leader and returns once the high watermark passed it (acks=all, Kafka's coordinator writes
 * with {@code required.acks=-1}); it fails with NOT_COORDINATOR when this broker no longer leads the partition and
 * with COORDINATOR_NOT_AVAILABLE when fewer than {@code min.insync.replicas} replicas are in sync or replication
 * timed out, so the client retries and nothing is answered that a new leader would not know.
 */
final class ReplicatedTransactionLog implements TransactionStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedTransactionLog.class);

    private final Partition partition;
    private final IntSupplier minInsyncReplicas;
    private final long writeTimeoutMs;
    private final Time time;
    private long recordsSinceRewrite;

    ReplicatedTransactionLog(Partition partition, IntSupplier minInsyncReplicas, long writeTimeoutMs, Time time) {
        this.partition = partition;
        this.minInsyncReplicas = minInsyncReplicas;
        this.writeTimeoutMs = writeTimeoutMs;
        this.time = time;
    }

    @Override
    public Map<String, TransactionMetadata> load() throws IOException {
        Map<String, TransactionMetadata> state = new HashMap<>();
        recordsSinceRewrite = TransactionLog.replay(partition.logStartOffset(), partition.logEndOffset(),
                (offset, end) -> partition.readLocal(offset, TransactionLog.READ_BYTES, end), state);
        LOG.info("Loaded {} transactional id(s) from {}", state.size(), partition.topicPartition());
        return state;
    }

    @Override
    public void write(Collection<TransactionMetadata> metadata, Collection<String> tombstones) throws IOException {
        MemoryRecords records = TransactionLog.records(metadata, tombstones, time.milliseconds());
        if (records == null) {
            return;
        }
        if (!partition.isLeader()) {
            throw new StateWriteException(Errors.NOT_COORDINATOR, partition.topicPartition() + " is not led here");
        }
        if (partition.inSyncReplicas().size() < minInsyncReplicas.getAsInt()) {
            throw new StateWriteException(Errors.COORDINATOR_NOT_AVAILABLE, "Too few in-sync replicas of "
                    + partition.topicPartition() + ": " + partition.inSyncReplicas());
        }
        long lastOffset;
        try {
            lastOffset = partition.appendAsLeader(records).lastOffset();
        } catch (NotLeaderOrFollowerException e) {
            throw new StateWriteException(Errors.NOT_COORDINATOR, e.getMessage());
        } catch (ApiException e) {
            throw new StateWriteException(Errors.COORDINATOR_NOT_AVAILABLE, e.toString());
        }
        recordsSinceRewrite += metadata.size() + tombstones.size();
        Errors replicated;
        try {
            replicated = partition.awaitReplication(lastOffset).get(writeTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            replicated = Errors.REQUEST_TIMED_OUT;
        } catch (ExecutionException e) {
            replicated = Errors.UNKNOWN_SERVER_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            replicated = Errors.REQUEST_TIMED_OUT;
        }
        switch (replicated) {
            case NONE:
                return;
            case NOT_LEADER_OR_FOLLOWER:
            case KAFKA_STORAGE_ERROR:
                throw new StateWriteException(Errors.NOT_COORDINATOR, "Lost the leadership of "
                        + partition.topicPartition() + " before the write was replicated");
            default:
                throw new StateWriteException(Errors.COORDINATOR_NOT_AVAILABLE, "The write to "
                        + partition.topicPartition() + " was not replicated: " + replicated);
        }
    }

    @Override
    public void maybeRewrite(Collection<TransactionMetadata> live) throws IOException {
        if (recordsSinceRewrite < TransactionLog.REWRITE_AFTER_RECORDS) {
            return;
        }
        long start = partition.logEndOffset();
        List<TransactionMetadata> all = new ArrayList<>(live);
        for (int i = 0; i < all.size(); i += TransactionLog.REWRITE_BATCH) {
            write(all.subList(i, Math.min(all.size(), i + TransactionLog.REWRITE_BATCH)), List.of());
        }
        // Replicated: every in-sync replica has the copy, so followers may drop what precedes it too.
        partition.deleteRecordsBefore(start);
        recordsSinceRewrite = all.size();
    }
}
