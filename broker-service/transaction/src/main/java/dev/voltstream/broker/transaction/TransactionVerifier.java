package dev.voltstream.broker.transaction;

import java.io.IOException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.storage.LogAppendResult;

/**
 * Produce's check of a transactional batch (KIP-890 part 1): the producer session must have added the partition to
 * its open transaction, so a zombie or a stray transactional batch can never leave a transaction open in a
 * partition that no coordinator will ever end. With transaction version 2 (a transactional Produce v12, KIP-890
 * part 2) the partition is added to the transaction instead, as Kafka's partition leader asks the coordinator with
 * AddPartitionsToTxn. The append runs while the check holds, so the transaction cannot end between the two.
 */
@FunctionalInterface
public interface TransactionVerifier {
    /** An append to run once the batch is verified. */
    @FunctionalInterface
    interface Append {
        LogAppendResult run() throws IOException;
    }

    /** Without a transaction coordinator (a broker built without one, in tests) every transactional batch is refused. */
    TransactionVerifier UNSUPPORTED = (id, producerId, epoch, tp, addPartition, append) -> {
        throw Errors.INVALID_TXN_STATE.exception("This broker has no transaction coordinator");
    };

    /**
     * Runs {@code append} if {@code tp} is in the open transaction of this producer session, or, with
     * {@code addPartition} (transaction version 2), once {@code tp} was added to it.
     *
     * @throws org.apache.kafka.common.errors.ApiException with Kafka's error otherwise
     */
    LogAppendResult appendVerified(String transactionalId, long producerId, short producerEpoch, TopicPartition tp,
                                   boolean addPartition, Append append) throws IOException;

    /**
     * The coordinator's answer to an implicit add as Produce reports it, as Kafka's AddPartitionsToTxnManager does:
     * a transaction still being decided (its markers being written) is NOT_ENOUGH_REPLICAS, which every producer
     * retries; a fenced epoch is INVALID_PRODUCER_EPOCH, which a producer aborts on (KIP-588).
     */
    static Errors forProduce(Errors coordinatorError) {
        return switch (coordinatorError) {
            case CONCURRENT_TRANSACTIONS, NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
                 REQUEST_TIMED_OUT -> Errors.NOT_ENOUGH_REPLICAS;
            case PRODUCER_FENCED -> Errors.INVALID_PRODUCER_EPOCH;
            default -> coordinatorError;
        };
    }
}
