package dev.voltstream.broker.transaction;

import java.io.IOException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.storage.LogAppendResult;

/**
 * Produce's check of a transactional batch (KIP-890 part 1): the producer session must have added the partition to
 * its open transaction, so a zombie or a stray transactional batch can never leave a transaction open in a
 * partition that no coordinator will ever end. The append runs while the check holds, so the transaction cannot end
 * between the two.
 */
@FunctionalInterface
public interface TransactionVerifier {
    /** An append to run once the batch is verified. */
    @FunctionalInterface
    interface Append {
        LogAppendResult run() throws IOException;
    }

    /** Without a transaction coordinator (a broker built without one, in tests) every transactional batch is refused. */
    TransactionVerifier UNSUPPORTED = (id, producerId, epoch, tp, append) -> {
        throw Errors.INVALID_TXN_STATE.exception("This broker has no transaction coordinator");
    };

    /**
     * Runs {@code append} if {@code tp} is in the open transaction of this producer session.
     *
     * @throws org.apache.kafka.common.errors.ApiException with Kafka's error otherwise
     */
    LogAppendResult appendVerified(String transactionalId, long producerId, short producerEpoch, TopicPartition tp,
                                   Append append) throws IOException;
}
