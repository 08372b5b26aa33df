package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a transactional id's state changes are made durable and how a decided transaction ends: every transition is
 * persisted in its shard's store before it takes effect; a prepared transaction's markers (and a commit's group
 * offsets) are written, then CompleteCommit/CompleteAbort is persisted. The caller holds the shard's lock.
 */
final class TransactionCompletion {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCompletion.class);
    private static final long GROUP_COMMIT_TIMEOUT_S = 30;

    private final TransactionMarkers markers;
    private final TransactionalOffsets offsets;
    private final EpochBump epochs;
    private final Time time;

    TransactionCompletion(TransactionMarkers markers, TransactionalOffsets offsets, EpochBump epochs, Time time) {
        this.markers = markers;
        this.offsets = offsets;
        this.epochs = epochs;
        this.time = time;
    }

    /**
     * Writes the markers (and, for a commit, the group offsets) of a prepared transaction, then completes it; returns
     * the transaction still prepared when a marker or an offset could not be written (retried later).
     */
    TransactionMetadata tryComplete(TransactionShard s, TransactionMetadata m) {
        if (s.unloaded()) {
            // Another broker coordinates the id now and finishes the transaction: markers written from here could
            // land after the producer's next transaction began (the partitions fence them by coordinator epoch).
            LOG.info("Transaction of '{}' left {} to the id's new coordinator", m.transactionalId(),
                    m.state().kafkaName());
            return m;
        }
        boolean commit = m.state() == TransactionState.PREPARE_COMMIT;
        Map<TopicPartition, Errors> failures = new HashMap<>();
        if (!markers.writeAll(m.partitions(), m.producerId(), m.producerEpoch(), s.coordinatorEpoch, commit,
                failures)) {
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
            return persist(s, epochs.completed(m, time.milliseconds()));
        } catch (IOException e) {
            storageError(m.transactionalId(), e);
            return m;
        }
    }

    /** Persists {@code next}: NONE, or the error to answer. */
    Errors write(TransactionShard s, TransactionMetadata next) {
        try {
            persist(s, next);
            return Errors.NONE;
        } catch (IOException e) {
            return storageError(next.transactionalId(), e);
        }
    }

    /** Persists {@code next} in the shard's store, then makes it the id's state. */
    TransactionMetadata persist(TransactionShard s, TransactionMetadata next) throws IOException {
        s.store.write(List.of(next), List.of());
        s.txns.put(next.transactionalId(), next);
        if (LOG.isDebugEnabled()) {
            LOG.debug("'{}' is {} (producer {} epoch {}, tv {}, partitions {})", next.transactionalId(),
                    next.state().kafkaName(), next.producerId(), next.producerEpoch(), next.transactionVersion(),
                    next.partitions());
        }
        return next;
    }

    /** The error a failed state write answers, logged. */
    static Errors storageError(String transactionalId, IOException e) {
        if (e instanceof StateWriteException w) {
            LOG.warn("Cannot persist the transaction state of '{}': {}", transactionalId, e.getMessage());
            return w.error();
        }
        LOG.error("Cannot persist the transaction state of '{}'", transactionalId, e);
        return Errors.COORDINATOR_NOT_AVAILABLE;
    }
}
