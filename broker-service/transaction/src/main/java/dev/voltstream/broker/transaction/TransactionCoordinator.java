package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;

/**
 * The single node's transaction coordinator (Kafka's TransactionCoordinator, transaction version 1). Every
 * transition of a transactional id is persisted in {@code __transaction_state} before it takes effect or is answered;
 * ending a transaction persists the decision (PrepareCommit/PrepareAbort), writes the markers and the group offsets,
 * then persists CompleteCommit/CompleteAbort. A decision whose markers could not all be written stays prepared and is
 * finished by the background sweep, which also aborts transactions past their timeout (fencing the producer with a
 * bumped epoch) and forgets idle ids after {@code transactional.id.expiration.ms}. All state changes hold one lock.
 */
public final class TransactionCoordinator implements TransactionVerifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCoordinator.class);
    /** The internal log of the coordinator's state. */
    public static final String TOPIC = "__transaction_state";
    /** A single node has one coordinator that never changes: its markers carry coordinator epoch 0. */
    static final int COORDINATOR_EPOCH = 0;
    private static final long GROUP_COMMIT_TIMEOUT_S = 30;

    private final TransactionConfig config;
    private final TransactionLog log;
    private final TransactionMarkers markers;
    private final TransactionalOffsets offsets;
    private final ProducerIdAllocator producerIds;
    private final Time time;
    private final Object lock = new Object();
    private final Map<String, TransactionMetadata> txns = new HashMap<>();
    private final java.util.concurrent.ScheduledExecutorService background;

    /** InitProducerId's answer. */
    public record InitResult(Errors error, long producerId, short producerEpoch) {
        static InitResult failed(Errors error) {
            return new InitResult(error, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        }
    }

    private TransactionCoordinator(TransactionConfig config, TransactionLog log, TransactionMarkers markers,
                                   TransactionalOffsets offsets, ProducerIdAllocator producerIds, Time time) {
        this.config = config;
        this.log = log;
        this.markers = markers;
        this.offsets = offsets;
        this.producerIds = producerIds;
        this.time = time;
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "transaction-coordinator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the state, finishes transactions decided before the last stop, and starts the sweep. */
    public static TransactionCoordinator start(TransactionConfig config, LogManager logs, LogConfig logDefaults,
                                               TransactionMarkers markers, TransactionalOffsets offsets,
                                               ProducerIdAllocator producerIds, Time time) throws IOException {
        TransactionCoordinator c = new TransactionCoordinator(config, TransactionLog.open(logs, logDefaults, time),
                markers, offsets, producerIds, time);
        synchronized (c.lock) {
            c.txns.putAll(c.log.load());
            for (TransactionMetadata m : List.copyOf(c.txns.values())) {
                if (m.state().isPrepare()) {
                    c.tryComplete(m);
                }
            }
        }
        long interval = Math.max(1, config.abortCheckIntervalMs());
        c.background.scheduleWithFixedDelay(c::sweep, interval, interval, TimeUnit.MILLISECONDS);
        return c;
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
        synchronized (lock) {
            long now = time.milliseconds();
            TransactionMetadata m = txns.get(transactionalId);
            try {
                if (m == null) {
                    m = persist(TransactionMetadata.fresh(transactionalId, producerIds.nextProducerId(), timeoutMs,
                            now));
                    return new InitResult(Errors.NONE, m.producerId(), m.producerEpoch());
                }
                if (expectedProducerId != RecordBatch.NO_PRODUCER_ID) {
                    if (expectedProducerId != m.producerId()) {
                        return InitResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING);
                    }
                    if (expectedEpoch != m.producerEpoch()) {
                        boolean retry = expectedEpoch == m.lastProducerEpoch() && m.state().isIdle();
                        return retry ? new InitResult(Errors.NONE, m.producerId(), m.producerEpoch())
                                : InitResult.failed(Errors.PRODUCER_FENCED);
                    }
                }
                if (m.state() == TransactionState.ONGOING) {
                    m = tryComplete(persist(m.prepare(false, bumped(m.producerEpoch()), now)));
                } else if (m.state().isPrepare()) {
                    m = tryComplete(m);
                }
                if (m.state().isPrepare()) {
                    return InitResult.failed(Errors.CONCURRENT_TRANSACTIONS);
                }
                boolean exhausted = m.producerEpoch() >= Short.MAX_VALUE - 1;
                long producerId = exhausted ? producerIds.nextProducerId() : m.producerId();
                short epoch = exhausted ? 0 : (short) (m.producerEpoch() + 1);
                m = persist(m.newSession(producerId, epoch, timeoutMs,
                        expectedProducerId != RecordBatch.NO_PRODUCER_ID, now));
                return new InitResult(Errors.NONE, m.producerId(), m.producerEpoch());
            } catch (IOException e) {
                return InitResult.failed(storageError(transactionalId, e));
            }
        }
    }

    // ---- The client's transaction requests

    /** AddPartitionsToTxn (client form): the partitions join the open transaction, starting it if needed. */
    public Errors addPartitions(String transactionalId, long producerId, short epoch, Set<TopicPartition> added) {
        synchronized (lock) {
            TransactionMetadata m = txns.get(transactionalId);
            Errors error = checkForUpdate(m, producerId, epoch);
            if (error != Errors.NONE) {
                return error;
            }
            if (m.state() == TransactionState.ONGOING && m.partitions().containsAll(added)) {
                return Errors.NONE;
            }
            return write(m.withPartitions(added, time.milliseconds()));
        }
    }

    /** AddOffsetsToTxn: the transaction will also commit offsets of {@code groupId}. */
    public Errors addOffsets(String transactionalId, long producerId, short epoch, String groupId) {
        synchronized (lock) {
            TransactionMetadata m = txns.get(transactionalId);
            Errors error = checkForUpdate(m, producerId, epoch);
            if (error != Errors.NONE) {
                return error;
            }
            if (m.state() == TransactionState.ONGOING && m.pendingOffsets().containsKey(groupId)) {
                return Errors.NONE;
            }
            return write(m.withGroup(groupId, time.milliseconds()));
        }
    }

    /**
     * TxnOffsetCommit: offsets of a group added by AddOffsetsToTxn, held until the transaction ends. An unknown id
     * or producer is INVALID_PRODUCER_ID_MAPPING, an older epoch INVALID_PRODUCER_EPOCH (what Kafka's group
     * coordinator answers), a group not added or no open transaction INVALID_TXN_STATE.
     */
    public Errors commitOffsets(String transactionalId, long producerId, short epoch, String groupId,
                                Map<TopicPartition, PendingOffset> committed) {
        synchronized (lock) {
            TransactionMetadata m = txns.get(transactionalId);
            if (m == null || m.producerId() != producerId) {
                return Errors.INVALID_PRODUCER_ID_MAPPING;
            }
            if (epoch != m.producerEpoch()) {
                return Errors.INVALID_PRODUCER_EPOCH;
            }
            if (m.state() != TransactionState.ONGOING || !m.pendingOffsets().containsKey(groupId)) {
                return Errors.INVALID_TXN_STATE;
            }
            return write(m.withOffsets(groupId, committed, time.milliseconds()));
        }
    }

    /**
     * KIP-890 verification: NONE when {@code tp} is part of the open transaction of this producer session.
     * Produce asks it before appending a transactional batch; AddPartitionsToTxn v4+ with verifyOnly answers it.
     */
    public Errors verify(String transactionalId, long producerId, short epoch, TopicPartition tp) {
        synchronized (lock) {
            TransactionMetadata m = transactionalId == null ? null : txns.get(transactionalId);
            if (m == null || m.producerId() != producerId) {
                return Errors.INVALID_PRODUCER_ID_MAPPING;
            }
            if (epoch != m.producerEpoch()) {
                return Errors.INVALID_PRODUCER_EPOCH;
            }
            return m.state() == TransactionState.ONGOING && m.partitions().contains(tp) ? Errors.NONE
                    : Errors.INVALID_TXN_STATE;
        }
    }

    @Override
    public LogAppendResult appendVerified(String transactionalId, long producerId, short producerEpoch,
                                          TopicPartition tp, Append append) throws IOException {
        synchronized (lock) {
            Errors error = verify(transactionalId, producerId, producerEpoch, tp);
            if (error != Errors.NONE) {
                throw error.exception("Transactional batch of producer " + producerId + " (transactional id '"
                        + transactionalId + "') for " + tp + " is not part of its open transaction: "
                        + error.message());
            }
            return append.run();
        }
    }

    /** EndTxn: commits or aborts the open transaction; a retry of a finished one answers as the first time. */
    public Errors endTransaction(String transactionalId, long producerId, short epoch, boolean commit) {
        synchronized (lock) {
            TransactionMetadata m = txns.get(transactionalId);
            if (m == null || m.producerId() != producerId) {
                return Errors.INVALID_PRODUCER_ID_MAPPING;
            }
            if (epoch != m.producerEpoch()) {
                return Errors.PRODUCER_FENCED;
            }
            if (m.state().isPrepare()) {
                m = tryComplete(m);
            }
            switch (m.state()) {
                case ONGOING:
                    try {
                        tryComplete(persist(m.prepare(commit, m.producerEpoch(), time.milliseconds())));
                    } catch (IOException e) {
                        return storageError(transactionalId, e);
                    }
                    return Errors.NONE;
                case COMPLETE_COMMIT:
                    return commit ? Errors.NONE : Errors.INVALID_TXN_STATE;
                case COMPLETE_ABORT:
                    return commit ? Errors.INVALID_TXN_STATE : Errors.NONE;
                case PREPARE_COMMIT:
                    return commit ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE;
                case PREPARE_ABORT:
                    return commit ? Errors.INVALID_TXN_STATE : Errors.CONCURRENT_TRANSACTIONS;
                default:
                    return Errors.INVALID_TXN_STATE;
            }
        }
    }

    // ---- Views

    public Optional<TransactionMetadata> describe(String transactionalId) {
        synchronized (lock) {
            return Optional.ofNullable(txns.get(transactionalId));
        }
    }

    public List<TransactionMetadata> list() {
        synchronized (lock) {
            return new ArrayList<>(txns.values());
        }
    }

    /** True while an open or committing transaction holds an offset of {@code groupId} for {@code tp}. */
    public boolean hasPendingOffset(String groupId, TopicPartition tp) {
        synchronized (lock) {
            for (TransactionMetadata m : txns.values()) {
                if ((m.state() == TransactionState.ONGOING || m.state() == TransactionState.PREPARE_COMMIT)
                        && m.pendingOffsets().getOrDefault(groupId, Map.of()).containsKey(tp)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- Background

    /** Aborts timed-out transactions, finishes prepared ones, forgets expired ids. */
    void sweep() {
        synchronized (lock) {
            long now = time.milliseconds();
            List<String> expired = new ArrayList<>();
            for (TransactionMetadata m : List.copyOf(txns.values())) {
                try {
                    if (m.state() == TransactionState.ONGOING && now - m.txnStartTimestamp() > m.timeoutMs()) {
                        LOG.info("Aborting transaction of '{}' (producer {}): open longer than its timeout of {} ms",
                                m.transactionalId(), m.producerId(), m.timeoutMs());
                        tryComplete(persist(m.prepare(false, bumped(m.producerEpoch()), now)));
                    } else if (m.state().isPrepare()) {
                        tryComplete(m);
                    } else if (m.state().isIdle() && now - m.lastUpdateTimestamp() > config.idExpirationMs()) {
                        expired.add(m.transactionalId());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Transaction sweep of '{}' failed: {}", m.transactionalId(), e.toString());
                }
            }
            try {
                if (!expired.isEmpty()) {
                    log.write(List.of(), expired);
                    expired.forEach(txns::remove);
                    LOG.info("Expired {} idle transactional id(s)", expired.size());
                }
                log.maybeRewrite(txns.values());
            } catch (IOException e) {
                LOG.warn("Cannot write to {}: {}", TOPIC, e.toString());
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
    }

    // ---- Internals (the caller holds the lock)

    /** Kafka's checks before a transaction changes: the session's id and epoch, and no decision in progress. */
    private Errors checkForUpdate(TransactionMetadata m, long producerId, short epoch) {
        if (m == null || m.producerId() != producerId) {
            return Errors.INVALID_PRODUCER_ID_MAPPING;
        }
        if (epoch != m.producerEpoch()) {
            return Errors.PRODUCER_FENCED;
        }
        if (m.state().isPrepare() && tryComplete(m).state().isPrepare()) {
            return Errors.CONCURRENT_TRANSACTIONS;
        }
        return Errors.NONE;
    }

    /** Writes the markers (and, for a commit, the group offsets) of a prepared transaction, then completes it. */
    private TransactionMetadata tryComplete(TransactionMetadata m) {
        boolean commit = m.state() == TransactionState.PREPARE_COMMIT;
        Map<TopicPartition, Errors> failures = new HashMap<>();
        if (!markers.writeAll(m.partitions(), m.producerId(), m.producerEpoch(), commit, failures)) {
            LOG.warn("Transaction of '{}' stays {} until its markers are written: {}", m.transactionalId(),
                    m.state().kafkaName(), failures);
            return m;
        }
        if (commit) {
            for (Map.Entry<String, Map<TopicPartition, PendingOffset>> group : m.pendingOffsets().entrySet()) {
                if (group.getValue().isEmpty()) {
                    continue;
                }
                Errors error;
                try {
                    error = offsets.commit(group.getKey(), group.getValue()).get(GROUP_COMMIT_TIMEOUT_S,
                            TimeUnit.SECONDS);
                } catch (Exception e) {
                    error = Errors.forException(e);
                }
                if (error != Errors.NONE) {
                    LOG.warn("Transaction of '{}' stays PrepareCommit: the offsets of group '{}' failed with {}",
                            m.transactionalId(), group.getKey(), error);
                    return m;
                }
            }
        }
        try {
            return persist(m.complete(time.milliseconds()));
        } catch (IOException e) {
            storageError(m.transactionalId(), e);
            return m;
        }
    }

    private Errors write(TransactionMetadata next) {
        try {
            persist(next);
            return Errors.NONE;
        } catch (IOException e) {
            return storageError(next.transactionalId(), e);
        }
    }

    private TransactionMetadata persist(TransactionMetadata next) throws IOException {
        log.write(List.of(next), List.of());
        txns.put(next.transactionalId(), next);
        return next;
    }

    /** The epoch a fence moves to (the same when exhausted: the next session then gets a new producer id). */
    private static short bumped(short epoch) {
        return epoch >= Short.MAX_VALUE - 1 ? epoch : (short) (epoch + 1);
    }

    private static Errors storageError(String transactionalId, IOException e) {
        LOG.error("Cannot persist the transaction state of '{}'", transactionalId, e);
        return Errors.COORDINATOR_NOT_AVAILABLE;
    }
}
