package dev.voltstream.broker.group;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.LogReadResult;

/**
 * The durable side of one coordinator shard: {@link GroupRecord}s appended, as leader, to one partition of the
 * internal {@code __consumer_offsets} topic, and replayed when the shard loads. A write completes once the partition's
 * high watermark passed it (acks=all, as Kafka's {@code offsets.commit.required.acks=-1}); on a single node that is at
 * once. Kafka compacts that topic; we get the same effect by rewriting the live state at the end of the log now and
 * then and, once that copy is replicated, dropping everything before it (followers follow the log start offset).
 */
final class GroupLog {
    private static final Logger LOG = LoggerFactory.getLogger(GroupLog.class);
    /** The single node's partition: local only, not a topic clients can see. */
    static final TopicPartition PARTITION = new TopicPartition(OffsetsTopic.NAME, 0);
    private static final int READ_BYTES = 1024 * 1024;

    private final Partition partition;
    private final Object lock;
    private final Executor callbacks;
    private final long writeTimeoutMs;
    private final IntSupplier minInsyncReplicas;
    private long recordsSinceSnapshot;
    private int pendingWrites;

    /**
     * @param lock       the shard's lock: write completions run holding it (never on the thread that advanced the high
     *                   watermark, which holds the partition's lock)
     * @param callbacks  where those completions run
     */
    GroupLog(Partition partition, Object lock, Executor callbacks, long writeTimeoutMs,
             IntSupplier minInsyncReplicas) {
        this.partition = partition;
        this.lock = lock;
        this.callbacks = callbacks;
        this.writeTimeoutMs = writeTimeoutMs;
        this.minInsyncReplicas = minInsyncReplicas;
    }

    /** Single node: the local log, with no time or size retention (records leave it only by {@link #rewrite}). */
    static Partition openLocal(LogManager logs, LogConfig brokerDefaults, int nodeId) throws IOException {
        LogConfig config = brokerDefaults.withOverrides(OffsetsTopic.LOG_CONFIGS);
        var log = logs.getOrCreateLog(PARTITION, config);
        log.updateConfig(config);
        return new Partition(PARTITION, Uuid.ZERO_UUID, log, nodeId, (tp, bytes) -> { });
    }

    /**
     * Appends the records as leader; the future completes (holding the shard's lock) with NONE once they are
     * replicated, else with the error Kafka's coordinator gives: NOT_COORDINATOR when this broker no longer leads the
     * partition, COORDINATOR_NOT_AVAILABLE when too few replicas are in sync or replication timed out. The caller holds
     * the shard's lock.
     */
    CompletableFuture<Errors> append(List<GroupRecord> records, long nowMs) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        int minIsr = minInsyncReplicas.getAsInt();
        if (partition.inSyncReplicas().size() < minIsr) {
            return CompletableFuture.completedFuture(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        SimpleRecord[] encoded = records.stream().map(r -> GroupRecordCodec.encode(r, nowMs))
                .toArray(SimpleRecord[]::new);
        LogAppendResult appended;
        try {
            appended = partition.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, encoded));
        } catch (IOException | ApiException e) {
            LOG.warn("Cannot append {} group records to {}: {}", encoded.length, partition.topicPartition(),
                    e.toString());
            return CompletableFuture.completedFuture(coordinatorError(e));
        }
        recordsSinceSnapshot += encoded.length;
        CompletableFuture<Errors> replicated = partition.awaitReplication(appended.lastOffset());
        if (replicated.isDone() && pendingWrites == 0) {
            return CompletableFuture.completedFuture(coordinatorError(replicated.join()));
        }
        pendingWrites++;
        CompletableFuture<Errors> done = new CompletableFuture<>();
        replicated.completeOnTimeout(Errors.REQUEST_TIMED_OUT, writeTimeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((error, e) -> callbacks.execute(() -> {
                    synchronized (lock) {
                        pendingWrites--;
                        done.complete(e != null ? Errors.UNKNOWN_SERVER_ERROR : coordinatorError(error));
                    }
                }));
        return done;
    }

    /**
     * Kafka's GroupCoordinatorService mapping of write errors to what a client of the coordinator retries. Once the
     * high watermark passed the write, every in-sync replica has it: that is durable, even if the ISR shrank since.
     */
    private static Errors coordinatorError(Errors replication) {
        return switch (replication) {
            case NONE -> Errors.NONE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            default -> Errors.COORDINATOR_NOT_AVAILABLE;
        };
    }

    private static Errors coordinatorError(Exception e) {
        if (e instanceof NotLeaderOrFollowerException || e instanceof KafkaStorageException
                || e instanceof IOException) {
            return Errors.NOT_COORDINATOR;
        }
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return Errors.UNKNOWN_SERVER_ERROR;
        }
        return Errors.COORDINATOR_NOT_AVAILABLE;
    }

    /** Feeds every record from the log start to the end to {@code visitor}, oldest first. */
    void replay(Consumer<GroupRecord> visitor) throws IOException {
        long offset = partition.logStartOffset();
        long end = partition.logEndOffset();
        long count = 0;
        while (offset < end) {
            LogReadResult read = partition.readLocal(offset, READ_BYTES, end);
            if (read.size() == 0) {
                break;
            }
            for (RecordBatch batch : read.records().batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset && record.hasKey()) {
                        visitor.accept(GroupRecordCodec.decode(record));
                        count++;
                    }
                }
                offset = batch.nextOffset();
            }
        }
        recordsSinceSnapshot = count;
    }

    /**
     * Whether the log holds many more records than the live state, so {@link #rewrite} pays off. Never while a write
     * is in flight: its record precedes the snapshot but its effect is not in the live state yet.
     */
    boolean worthRewriting(long liveRecords) {
        return pendingWrites == 0 && recordsSinceSnapshot > Math.max(10_000, 4 * liveRecords);
    }

    /**
     * Appends the whole live state and, once all of it is replicated, drops everything before it. A crash in between
     * leaves both copies, which replay handles (later records win). The caller holds the shard's lock.
     */
    void rewrite(List<GroupRecord> liveState, long nowMs) {
        long snapshotStart = partition.logEndOffset();
        CompletableFuture<Errors> last = CompletableFuture.completedFuture(Errors.NONE);
        for (int i = 0; i < liveState.size(); i += 500) {
            CompletableFuture<Errors> chunk = append(liveState.subList(i, Math.min(liveState.size(), i + 500)), nowMs);
            last = last.thenCombine(chunk, (a, b) -> a != Errors.NONE ? a : b);
        }
        recordsSinceSnapshot = liveState.size();
        last.thenAccept(error -> {
            if (error != Errors.NONE) {
                LOG.info("Not trimming {}: its snapshot was not replicated ({})", partition.topicPartition(), error);
                return;
            }
            try {
                partition.deleteRecordsBefore(snapshotStart);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot trim {} before offset {}", partition.topicPartition(), snapshotStart, e);
            }
        });
    }
}
