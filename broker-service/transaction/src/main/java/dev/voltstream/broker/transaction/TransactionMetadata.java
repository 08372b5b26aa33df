package dev.voltstream.broker.transaction;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * The coordinator's state of one transactional id, immutable: every transition makes a new one, which is persisted
 * before it replaces the old.
 *
 * @param lastProducerEpoch the epoch before the last bump (-1 if none), so a retried InitProducerId is recognised
 * @param partitions        the partitions of the open (or deciding) transaction
 * @param pendingOffsets    per group id, the offsets the transaction commits (AddOffsetsToTxn adds a group)
 * @param txnStartTimestamp when the open transaction started, -1 when none is open
 */
public record TransactionMetadata(String transactionalId, long producerId, short producerEpoch,
                                  short lastProducerEpoch, int timeoutMs, TransactionState state,
                                  Set<TopicPartition> partitions, Map<String, Map<TopicPartition, PendingOffset>>
                                          pendingOffsets, long txnStartTimestamp, long lastUpdateTimestamp) {
    public TransactionMetadata {
        partitions = Set.copyOf(partitions);
        Map<String, Map<TopicPartition, PendingOffset>> copy = new HashMap<>();
        pendingOffsets.forEach((group, offsets) -> copy.put(group, Map.copyOf(offsets)));
        pendingOffsets = Map.copyOf(copy);
    }

    static TransactionMetadata fresh(String transactionalId, long producerId, int timeoutMs, long now) {
        return new TransactionMetadata(transactionalId, producerId, (short) 0, (short) -1, timeoutMs,
                TransactionState.EMPTY, Set.of(), Map.of(), -1, now);
    }

    /**
     * A new producer session: {@code epoch} (of {@code producerId}), no transaction open. {@code bumpedBySession}:
     * the current session asked for it (KIP-360), so its retry with the old epoch is recognised (as Kafka does);
     * a new producer instance leaves no such trace.
     */
    TransactionMetadata newSession(long newProducerId, short epoch, int newTimeoutMs, boolean bumpedBySession,
                                   long now) {
        short last = newProducerId == producerId && bumpedBySession ? producerEpoch : -1;
        return new TransactionMetadata(transactionalId, newProducerId, epoch, last, newTimeoutMs,
                TransactionState.EMPTY, Set.of(), Map.of(), -1, now);
    }

    /** The open transaction with {@code added} partitions (starting it when none is open). */
    TransactionMetadata withPartitions(Set<TopicPartition> added, long now) {
        Set<TopicPartition> all = new LinkedHashSet<>(state == TransactionState.ONGOING ? partitions : Set.of());
        all.addAll(added);
        return ongoing(all, state == TransactionState.ONGOING ? pendingOffsets : Map.of(), now);
    }

    /** The open transaction that also commits offsets of {@code groupId}. */
    TransactionMetadata withGroup(String groupId, long now) {
        Map<String, Map<TopicPartition, PendingOffset>> groups = new HashMap<>(
                state == TransactionState.ONGOING ? pendingOffsets : Map.of());
        groups.putIfAbsent(groupId, Map.of());
        return ongoing(state == TransactionState.ONGOING ? partitions : Set.of(), groups, now);
    }

    /** The open transaction with {@code offsets} (replacing earlier ones of the same partitions) for the group. */
    TransactionMetadata withOffsets(String groupId, Map<TopicPartition, PendingOffset> offsets, long now) {
        Map<String, Map<TopicPartition, PendingOffset>> groups = new HashMap<>(pendingOffsets);
        Map<TopicPartition, PendingOffset> merged = new HashMap<>(groups.getOrDefault(groupId, Map.of()));
        merged.putAll(offsets);
        groups.put(groupId, merged);
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs,
                state, partitions, groups, txnStartTimestamp, now);
    }

    private TransactionMetadata ongoing(Set<TopicPartition> all, Map<String, Map<TopicPartition, PendingOffset>> groups,
                                        long now) {
        long start = state == TransactionState.ONGOING ? txnStartTimestamp : now;
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs,
                TransactionState.ONGOING, all, groups, start, now);
    }

    /** The transaction decided ({@code PREPARE_*}), possibly under a bumped (fencing) epoch. */
    TransactionMetadata prepare(boolean commit, short epoch, long now) {
        short last = epoch != producerEpoch ? producerEpoch : lastProducerEpoch;
        return new TransactionMetadata(transactionalId, producerId, epoch, last, timeoutMs,
                commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, partitions, pendingOffsets,
                txnStartTimestamp, now);
    }

    /** Every marker written: {@code COMPLETE_*}, nothing open. */
    TransactionMetadata complete(long now) {
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs,
                state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT
                        : TransactionState.COMPLETE_ABORT, Set.of(), Map.of(), -1, now);
    }
}
