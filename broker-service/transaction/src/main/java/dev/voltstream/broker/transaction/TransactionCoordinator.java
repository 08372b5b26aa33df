package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.TransactionStateTopic;
import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.replica.LeadershipListener;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;

/**
 * This broker's transaction coordinator (Kafka's TransactionCoordinator, transaction versions 1 and 2; with 2 every
 * EndTxn bumps the producer epoch and partitions and groups join implicitly). The transactional ids
 * are sharded by their {@code __transaction_state} partition ({@code abs(hash) % partitions}): a single node has one
 * local shard; in a cluster this broker coordinates the shards of the partitions it leads, loads one when elected
 * (answering COORDINATOR_LOAD_IN_PROGRESS meanwhile, then finishing the transactions it finds decided) and drops it
 * when it resigns; ids of other partitions get NOT_COORDINATOR. Every transition of an id is persisted in its shard's
 * store (flushed, or replicated to the in-sync replicas) before it takes effect or is answered; ending a transaction
 * persists the decision (PrepareCommit/PrepareAbort), writes the markers (to other brokers' partitions too) and the
 * group offsets, then persists CompleteCommit/CompleteAbort ({@link TransactionCompletion}). EndTxn's rules of both
 * versions are {@link EndTxnRules}, where epochs go and when a producer id rolls {@link EpochBump}. A decision whose
 * markers could not all be written stays prepared and is finished by the background sweep
 * ({@link TransactionExpiry}), which also aborts transactions past their timeout (fencing the producer with a bumped
 * epoch) and forgets idle ids after {@code transactional.id.expiration.ms}. Every change of a
 * shard holds its lock; requests run on the coordinator's own threads ({@link #submit}), never the broker's request
 * workers, which must keep serving the follower fetches a replicated write waits for.
 */
public final class TransactionCoordinator implements TransactionVerifier, LeadershipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);
    /** The internal log of the coordinator's state. */
    public static final String TOPIC = TransactionStateTopic.NAME;
    /** A single node has one coordinator that never changes: its markers carry coordinator epoch 0. */
    static final int COORDINATOR_EPOCH = 0;
    private static final int REQUEST_THREADS = 4;

    private final TransactionConfig config;
    private final EpochBump epochs;
    private final TransactionCompletion completion;
    private final EndTxnRules endTxn;
    private final TransactionExpiry expiry;
    private final Time time;
    private final IntSupplier partitionCount;
    private final IntSupplier minInsyncReplicas;
    private final Map<Integer, TransactionShard> shards = new ConcurrentHashMap<>();
    private final ScheduledExecutorService background;
    private final ExecutorService requests;
    private final ExecutorService loader;

    /** InitProducerId's answer. */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult failed(Errors error) {
            return new InitResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    private TransactionCoordinator(TransactionConfig config, TransactionMarkers markers,
                                   TransactionalOffsets offsets, ProducerIdAllocator producerIds, Time time,
                                   IntSupplier partitionCount, IntSupplier minInsyncReplicas) {
        this.config = config;
        this.epochs = new EpochBump(producerIds);
        this.completion = new TransactionCompletion(markers, offsets, epochs, time);
        this.endTxn = new EndTxnRules(completion, time);
        this.expiry = new TransactionExpiry(completion, config.idExpirationMs(), time);
        this.time = time;
        this.partitionCount = partitionCount;
        this.minInsyncReplicas = minInsyncReplicas;
        this.background = Executors.newSingleThreadScheduledExecutor(daemons("transaction-coordinator"));
        this.requests = Executors.newFixedThreadPool(REQUEST_THREADS, daemons("transaction-coordinator-request"));
        this.loader = Executors.newSingleThreadExecutor(daemons("transaction-coordinator-loader"));
        long interval = Math.max(1, config.abortCheckIntervalMs());
        background.scheduleWithFixedDelay(this::sweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Single node: loads the local state, finishes transactions decided before the last stop, starts the sweep. */
    public static TransactionCoordinator start(TransactionConfig config, LogManager logs, LogConfig logDefaults,
                                               TransactionMarkers markers, TransactionalOffsets offsets,
                                               ProducerIdAllocator producerIds, Time time) throws IOException {
        TransactionCoordinator c = new TransactionCoordinator(config, markers, offsets, producerIds, time, () -> 1,
                () -> 1);
        TransactionShard shard = new TransactionShard(0, COORDINATOR_EPOCH,
                TransactionLog.open(logs, logDefaults, time));
        c.load(shard);
        c.shards.put(0, shard);
        return c;
    }

    /**
     * Cluster mode: no shard until {@link #elected} for a partition of {@code __transaction_state}.
     *
     * @param partitionCount    the topic's partition count, -1 while it does not exist
     * @param minInsyncReplicas the topic's {@code min.insync.replicas}
     */
    public static TransactionCoordinator clustered(TransactionConfig config, TransactionMarkers markers,
                                                   TransactionalOffsets offsets, ProducerIdAllocator producerIds,
                                                   IntSupplier partitionCount, IntSupplier minInsyncReplicas,
                                                   Time time) {
        return new TransactionCoordinator(config, markers, offsets, producerIds, time, partitionCount,
                minInsyncReplicas);
    }

    /** Replays the shard's store and finishes the transactions it finds decided; ONGOING ones wait for timeout. */
    private void load(TransactionShard shard) throws IOException {
        synchronized (shard.lock) {
            shard.txns.putAll(shard.store.load());
            shard.markLoaded();
            for (TransactionMetadata m : List.copyOf(shard.txns.values())) {
                if (m.state().isPrepare()) {
                    tryComplete(shard, m);
                }
            }
        }
    }

    /** Runs a request's work on the coordinator's threads (its writes may wait for replication). */
    public <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, requests);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(Errors.COORDINATOR_NOT_AVAILABLE.exception());
        }
    }

    // ---- Leadership of the __transaction_state partitions (cluster mode)

    @Override
    public void elected(Partition partition, int leaderEpoch) {
        TransactionShard shard = new TransactionShard(partition.topicPartition().partition(), leaderEpoch,
                new ReplicatedTransactionLog(partition, minInsyncReplicas, config.writeTimeoutMs(), time));
        TransactionShard old = shards.put(shard.partition, shard);
        if (old != null) {
            old.unload();
        }
        LOG.info("Elected transaction coordinator of {} (leader epoch {}): loading its transactional ids",
                partition.topicPartition(), leaderEpoch);
        loader.execute(() -> {
            try {
                load(shard);
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot load the transactions of {}", partition.topicPartition(), e);
                shards.remove(shard.partition, shard);
            }
        });
    }

    @Override
    public void resigned(TopicPartition partition) {
        TransactionShard old = shards.remove(partition.partition());
        if (old != null) {
            old.unload();
            LOG.info("No longer the transaction coordinator of {}", partition);
        }
    }

    /** The shard coordinating {@code transactionalId} here, or the error telling the client to look elsewhere. */
    private Route route(String transactionalId) {
        int count = partitionCount.getAsInt();
        TransactionShard shard = count <= 0 || transactionalId == null ? null
                : shards.get(TransactionStateTopic.partitionFor(transactionalId, count));
        if (shard == null || shard.unloaded()) {
            return new Route(null, Errors.NOT_COORDINATOR);
        }
        return shard.serving() ? new Route(shard, Errors.NONE) : new Route(null, Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    private record Route(TransactionShard shard, Errors error) {
    }

    /** NONE when this broker coordinates {@code transactionalId} now, else NOT_COORDINATOR or LOAD_IN_PROGRESS. */
    public Errors coordinates(String transactionalId) {
        return route(transactionalId).error();
    }

    public TransactionConfig config() {
        return config;
    }

    // ---- InitProducerId

    /**
     * A producer session for {@code transactionalId}: a new epoch (or a new producer id when the epoch is
     * exhausted), aborting an open transaction first. With {@code expectedProducerId} (KIP-360) only the current
     * session may ask; an older one is fenced.
     */
    public InitResult initProducerId(String transactionalId, int timeoutMs, long expectedProducerId,
                                     short expectedEpoch) {
        if (timeoutMs <= 0 || timeoutMs > config.maxTimeoutMs()) {
            return InitResult.failed(Errors.INVALID_TRANSACTION_TIMEOUT);
        }
        Route route = route(transactionalId);
        if (route.shard() == null) {
            return InitResult.failed(route.error());
        }
        TransactionShard s = route.shard();
        synchronized (s.lock) {
            long now = time.milliseconds();
            TransactionMetadata m = s.txns.get(transactionalId);
            try {
                if (m == null) {
                    m = persist(s, TransactionMetadata.fresh(transactionalId, epochs.newProducerId(), timeoutMs,
                            now));
                    return new InitResult(Errors.NONE, m.producerId(), m.producerEpoch());
                }
                if (expectedProducerId != RecordBatch.NO_PRODUCER_ID) {
                    if (expectedProducerId != m.producerId()) {
                        return InitResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING);
                    }
                    if (expectedEpoch != m.producerEpoch()) {
                        // The epoch before the last bump: a retry, answered once the bump's transaction ended.
                        if (expectedEpoch != m.lastProducerEpoch() || m.state() == TransactionState.ONGOING) {
                            return InitResult.failed(Errors.PRODUCER_FENCED);
                        }
                        if (m.state().isPrepare() && tryComplete(s, m).state().isPrepare()) {
                            return InitResult.failed(Errors.CONCURRENT_TRANSACTIONS);
                        }
                        m = s.txns.get(transactionalId);
                        return new InitResult(Errors.NONE, m.producerId(), m.producerEpoch());
                    }
                }
                if (m.state() == TransactionState.ONGOING) {
                    m = tryComplete(s, persist(s, m.prepare(false, EpochBump.fence(m.producerEpoch()), now)));
                } else if (m.state().isPrepare()) {
                    m = tryComplete(s, m);
                }
                if (m.state().isPrepare()) {
                    return InitResult.failed(Errors.CONCURRENT_TRANSACTIONS);
                }
                m = persist(s, epochs.newSession(m, timeoutMs, expectedProducerId != RecordBatch.NO_PRODUCER_ID,
                        now));
                return new InitResult(Errors.NONE, m.producerId(), m.producerEpoch());
            } catch (IOException e) {
                return InitResult.failed(storageError(transactionalId, e));
            }
        }
    }

    // ---- The client's transaction requests

    /**
     * AddPartitionsToTxn: the partitions join the open transaction, starting it if needed. {@code tv}: the client's
     * transaction version — 1 for the client's own request, 2 for the request a partition leader sends for a
     * transactional Produce v12 (KIP-890 part 2, where partitions are added implicitly).
     */
    public Errors addPartitions(String transactionalId, long producerId, short epoch, Set<TopicPartition> added,
                                short tv) {
        return locked(transactionalId, (s, m) -> add(s, m, producerId, epoch, added, tv));
    }

    private Errors add(TransactionShard s, TransactionMetadata m, long producerId, short epoch,
                       Set<TopicPartition> added, short tv) {
        Errors error = checkForUpdate(s, m, producerId, epoch);
        if (error != Errors.NONE) {
            return error;
        }
        if (m.state() == TransactionState.ONGOING && m.partitions().containsAll(added)
                && m.transactionVersion() == tv) {
            return Errors.NONE;
        }
        return write(s, m.withPartitions(added, tv, time.milliseconds()));
    }

    /** AddOffsetsToTxn: the transaction will also commit offsets of {@code groupId}. */
    public Errors addOffsets(String transactionalId, long producerId, short epoch, String groupId) {
        return locked(transactionalId, (s, m) -> {
            Errors error = checkForUpdate(s, m, producerId, epoch);
            if (error != Errors.NONE) {
                return error;
            }
            if (m.state() == TransactionState.ONGOING && m.pendingOffsets().containsKey(groupId)) {
                return Errors.NONE;
            }
            return write(s, m.withGroup(groupId, TransactionMetadata.TV_1, time.milliseconds()));
        });
    }

    /**
     * TxnOffsetCommit: offsets of a group added by AddOffsetsToTxn, held until the transaction ends. An unknown id
     * or producer is INVALID_PRODUCER_ID_MAPPING, an older epoch INVALID_PRODUCER_EPOCH (what Kafka's group
     * coordinator answers), a group not added or no open transaction INVALID_TXN_STATE. With transaction version 2
     * (TxnOffsetCommit v5) the group joins the transaction implicitly, starting it if needed; a transaction still
     * being decided is CONCURRENT_TRANSACTIONS (retried by the client).
     */
    public Errors commitOffsets(String transactionalId, long producerId, short epoch, String groupId,
                                Map<TopicPartition, PendingOffset> committed, short tv) {
        return locked(transactionalId, (s, m) -> {
            if (m == null || m.producerId() != producerId) {
                return Errors.INVALID_PRODUCER_ID_MAPPING;
            }
            if (epoch != m.producerEpoch()) {
                return Errors.INVALID_PRODUCER_EPOCH;
            }
            long now = time.milliseconds();
            if (tv == TransactionMetadata.TV_2) {
                if (m.state().isPrepare() && tryComplete(s, m).state().isPrepare()) {
                    return Errors.CONCURRENT_TRANSACTIONS;
                }
                m = s.txns.get(transactionalId);
                if (m.state() != TransactionState.ONGOING || !m.pendingOffsets().containsKey(groupId)) {
                    m = m.withGroup(groupId, tv, now);
                }
            } else if (m.state() != TransactionState.ONGOING || !m.pendingOffsets().containsKey(groupId)) {
                return Errors.INVALID_TXN_STATE;
            }
            return write(s, m.withOffsets(groupId, committed, now));
        });
    }

    /**
     * KIP-890 verification: NONE when {@code tp} is part of the open transaction of this producer session.
     * Produce asks it before appending a transactional batch; AddPartitionsToTxn v4+ with verifyOnly answers it
     * (for this broker's partitions and, in a cluster, for other brokers'). Reads the state without the lock.
     */
    public Errors verify(String transactionalId, long producerId, short epoch, TopicPartition tp) {
        Route route = route(transactionalId);
        if (route.shard() == null) {
            return route.error() == Errors.NOT_COORDINATOR && transactionalId == null
                    ? Errors.INVALID_PRODUCER_ID_MAPPING : route.error();
        }
        TransactionMetadata m = route.shard().txns.get(transactionalId);
        if (m == null || m.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (epoch != m.producerEpoch()) {
            return Errors.INVALID_PRODUCER_EPOCH;
        }
        return m.state() == TransactionState.ONGOING && m.partitions().contains(tp) ? Errors.NONE
                : Errors.TRANSACTION_ABORTABLE;
    }

    @Override
    public LogAppendResult appendVerified(String transactionalId, long producerId, short producerEpoch,
                                          TopicPartition tp, boolean addPartition, Append append)
            throws IOException {
        Route route = route(transactionalId);
        Object lock = route.shard() != null ? route.shard().lock : new Object();
        synchronized (lock) {
            Errors error = addPartition && route.shard() != null
                    ? TransactionVerifier.forProduce(add(route.shard(), route.shard().txns.get(transactionalId),
                            producerId, producerEpoch, Set.of(tp), TransactionMetadata.TV_2))
                    : verify(transactionalId, producerId, producerEpoch, tp);
            if (error != Errors.NONE) {
                throw error.exception("Transactional batch of producer " + producerId + " (transactional id '"
                        + transactionalId + "') for " + tp + " is not part of its open transaction: "
                        + error.message());
            }
            return append.run();
        }
    }

    /** EndTxn's answer: the producer id and epoch the client continues with (bumped with transaction version 2). */
    public record EndResult(Errors error, long producerId, short producerEpoch) {
        static EndResult failed(Errors error) {
            return new EndResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    /**
     * EndTxn: commits or aborts the open transaction; a retry of a finished one answers as the first time. With
     * transaction version 2 ({@code tv} 2, EndTxn v5) the decision bumps the producer's epoch, the markers carry the
     * bumped epoch and the answer returns it; an exhausted epoch moves the producer to a new producer id at epoch 0.
     * A retry then comes with the epoch before the bump (or the old producer id) and is recognised as in Kafka; an
     * abort with no transaction open (the client sent nothing, or every batch failed) still bumps the epoch.
     */
    public EndResult endTransaction(String transactionalId, long producerId, short epoch, boolean commit, short tv) {
        Route route = route(transactionalId);
        if (route.shard() == null) {
            return EndResult.failed(route.error());
        }
        TransactionShard s = route.shard();
        synchronized (s.lock) {
            TransactionMetadata m = s.txns.get(transactionalId);
            if (m == null) {
                return EndResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING);
            }
            try {
                return endTxn.end(s, m, producerId, epoch, commit, tv);
            } catch (IOException e) {
                return EndResult.failed(storageError(transactionalId, e));
            }
        }
    }

    // ---- Views

    /** The id's state when this broker coordinates it (see {@link #coordinates}). */
    public Optional<TransactionMetadata> describe(String transactionalId) {
        Route route = route(transactionalId);
        return route.shard() == null ? Optional.empty()
                : Optional.ofNullable(route.shard().txns.get(transactionalId));
    }

    /** Every transactional id this broker coordinates. */
    public List<TransactionMetadata> list() {
        List<TransactionMetadata> all = new ArrayList<>();
        for (TransactionShard s : shards.values()) {
            if (s.serving()) {
                all.addAll(s.txns.values());
            }
        }
        return all;
    }

    /**
     * True while an open or committing transaction coordinated here holds an offset of {@code groupId} for
     * {@code tp} (in a cluster, transactions coordinated by other brokers are not known here).
     */
    public boolean hasPendingOffset(String groupId, TopicPartition tp) {
        for (TransactionShard s : shards.values()) {
            for (TransactionMetadata m : s.txns.values()) {
                if ((m.state() == TransactionState.ONGOING || m.state() == TransactionState.PREPARE_COMMIT)
                        && m.pendingOffsets().getOrDefault(groupId, Map.of()).containsKey(tp)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- Background

    /** Aborts timed-out transactions, finishes prepared ones, forgets expired ids, in every loaded shard. */
    void sweep() {
        for (TransactionShard s : shards.values()) {
            if (s.serving()) {
                expiry.sweep(s);
            }
        }
    }

    /** Runs the sweep now (tests). */
    public void sweepNow() {
        sweep();
    }

    @Override
    public void close() {
        background.shutdownNow();
        requests.shutdownNow();
        loader.shutdownNow();
        shards.values().forEach(TransactionShard::unload);
    }

    // ---- Internals (the caller holds the shard's lock)

    /** Runs {@code change} on the id's state holding its shard's lock, or answers why this broker cannot. */
    private Errors locked(String transactionalId, Change change) {
        Route route = route(transactionalId);
        if (route.shard() == null) {
            return route.error();
        }
        TransactionShard s = route.shard();
        synchronized (s.lock) {
            return change.apply(s, s.txns.get(transactionalId));
        }
    }

    /** A change of one transactional id's state ({@code m} null when the id is unknown). */
    @FunctionalInterface
    private interface Change {
        Errors apply(TransactionShard s, TransactionMetadata m);
    }

    /** Kafka's checks before a transaction changes: the session's id and epoch, and no decision in progress. */
    private Errors checkForUpdate(TransactionShard s, TransactionMetadata m, long producerId, short epoch) {
        if (m == null || m.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (epoch != m.producerEpoch()) {
            return Errors.PRODUCER_FENCED;
        }
        if (m.state().isPrepare() && tryComplete(s, m).state().isPrepare()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return Errors.NONE;
    }

    private TransactionMetadata tryComplete(TransactionShard s, TransactionMetadata m) {
        return completion.tryComplete(s, m);
    }

    private TransactionMetadata persist(TransactionShard s, TransactionMetadata next) throws IOException {
        return completion.persist(s, next);
    }

    private Errors write(TransactionShard s, TransactionMetadata next) {
        return completion.write(s, next);
    }

    private static Errors storageError(String transactionalId, IOException e) {
        return TransactionCompletion.storageError(transactionalId, e);
    }
}
