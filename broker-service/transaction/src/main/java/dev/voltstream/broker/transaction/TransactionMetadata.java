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
 * @param transactionVersion the transaction version the client's last request used: 1, or 2 (KIP-890 part 2: every
 *                           EndTxn bumps the epoch, partitions and groups are added implicitly)
 * @param previousProducerId with transaction version 2, the producer id this one replaced when an EndTxn exhausted
 *                           its epoch (-1 if none), so a retry of that EndTxn is recognised
 */
public record TransactionMetadata(String transactionalId, long producerId, short producerEpoch,
                                  short lastProducerEpoch, int timeoutMs, TransactionState state,
                                  Set<TopicPartition> partitions, Map<String, Map<TopicPartition, PendingOffset>>
                                          pendingOffsets, long txnStartTimestamp, long lastUpdateTimestamp,
                                  short transactionVersion, long previousProducerId) {
    /** The protocol of transaction version 1 (Kafka's TV_0 and TV_1 behave alike for clients). */
    public static final short TV_1 = 1;
    /** KIP-890 part 2. */
    public static final short TV_2 = 2;

    public TransactionMetadata {
        partitions = Set.copyOf(partitions);
        Map<String, Map<TopicPartition, PendingOffset>> copy = new HashMap<>();
        pendingOffsets.forEach((group, offsets) -> copy.put(group, Map.copyOf(offsets)));
        pendingOffsets = Map.copyOf(copy);
    }

    static TransactionMetadata fresh(String transactionalId, long producerId, int timeoutMs, long now) {
        return new TransactionMetadata(transactionalId, producerId, (short) 0, (short) -1, timeoutMs,
                TransactionState.EMPTY, Set.of(), Map.of(), -1, now, TV_1, -1);
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
                TransactionState.EMPTY, Set.of(), Map.of(), -1, now, transactionVersion, -1);
    }

    /** The open transaction with {@code added} partitions (starting it if none is open), of a client of {@code tv}. */
    TransactionMetadata withPartitions(Set<TopicPartition> added, short tv, long now) {
        Set<TopicPartition> all = new LinkedHashSet<>(state == TransactionState.ONGOING ? partitions : Set.of());
        all.addAll(added);
        return ongoing(all, state == TransactionState.ONGOING ? pendingOffsets : Map.of(), tv, now);
    }

    /** The open transaction that also commits offsets of {@code groupId}, of a client of {@code tv}. */
    TransactionMetadata withGroup(String groupId, short tv, long now) {
        Map<String, Map<TopicPartition, PendingOffset>> groups = new HashMap<>(
                state == TransactionState.ONGOING ? pendingOffsets : Map.of());
        groups.putIfAbsent(groupId, Map.of());
        return ongoing(state == TransactionState.ONGOING ? partitions : Set.of(), groups, tv, now);
    }

    /** The open transaction with {@code offsets} (replacing earlier ones of the same partitions) for the group. */
    TransactionMetadata withOffsets(String groupId, Map<TopicPartition, PendingOffset> offsets, long now) {
        Map<String, Map<TopicPartition, PendingOffset>> groups = new HashMap<>(pendingOffsets);
        Map<TopicPartition, PendingOffset> merged = new HashMap<>(groups.getOrDefault(groupId, Map.of()));
        merged.putAll(offsets);
        groups.put(groupId, merged);
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs,
                state, partitions, groups, txnStartTimestamp, now, transactionVersion, previousProducerId);
    }

    private TransactionMetadata ongoing(Set<TopicPartition> all, Map<String, Map<TopicPartition, PendingOffset>> groups,
                                        short tv, long now) {
        long start = state == TransactionState.ONGOING ? txnStartTimestamp : now;
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs,
                TransactionState.ONGOING, all, groups, start, now, tv, previousProducerId);
    }

    /** The transaction decided ({@code PREPARE_*}), possibly under a bumped (fencing) epoch. */
    TransactionMetadata prepare(boolean commit, short epoch, long now) {
        return prepare(commit, epoch, transactionVersion, now);
    }

    /**
     * The transaction decided by a client of {@code tv} under {@code epoch}: with transaction version 2 the
     * epoch after the client's (every EndTxn bumps it; the markers carry it).
     */
    TransactionMetadata prepare(boolean commit, short epoch, short tv, long now) {
        short last = epoch != producerEpoch ? producerEpoch : lastProducerEpoch;
        return new TransactionMetadata(transactionalId, producerId, epoch, last, timeoutMs,
                commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, partitions, pendingOffsets,
                txnStartTimestamp, now, tv, previousProducerId);
    }

    /**
     * The open transaction aborted by the coordinator (timed out), fencing its producer: under {@code fence}, and with
     * transaction version 2 under {@code fence + 1} (Kafka's PrepareEpochFence, then the bump of every version 2
     * decision), so the producer's retry of its own EndTxn is not mistaken for the retry of a bump it asked for.
     */
    TransactionMetadata abortFenced(short fence, long now) {
        if (transactionVersion != TV_2) {
            return prepare(false, fence, now);
        }
        short decided = fence < Short.MAX_VALUE - 1 ? (short) (fence + 1) : fence;
        return new TransactionMetadata(transactionalId, producerId, decided, fence, timeoutMs,
                TransactionState.PREPARE_ABORT, partitions, pendingOffsets, txnStartTimestamp, now, transactionVersion,
                previousProducerId);
    }

    /** Every marker written: {@code COMPLETE_*}, nothing open. */
    TransactionMetadata complete(long now) {
        return new TransactionMetadata(transactionalId, producerId, producerEpoch, lastProducerEpoch, timeoutMs,
                state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT
                        : TransactionState.COMPLETE_ABORT, Set.of(), Map.of(), -1, now, transactionVersion,
                previousProducerId);
    }

    /**
     * Transaction version 2, the epoch exhausted by the EndTxn that decided this transaction: completed under
     * {@code nextProducerId} at epoch 0, remembering the id it replaces (Kafka's prepareComplete).
     */
    TransactionMetadata completeUnder(long nextProducerId, long now) {
        return new TransactionMetadata(transactionalId, nextProducerId, (short) 0, (short) -1, timeoutMs,
                state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT
                        : TransactionState.COMPLETE_ABORT, Set.of(), Map.of(), -1, now, transactionVersion,
                producerId);
    }

    /** Whether the producer's epoch cannot be bumped once more (Kafka's isProducerEpochExhausted). */
    boolean epochExhausted() {
        return producerEpoch >= Short.MAX_VALUE - 1;
    }
}
