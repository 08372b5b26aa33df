package dev.voltstream.broker.transaction;

import java.io.IOException;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

import dev.voltstream.broker.transaction.TransactionCoordinator.EndResult;

/**
 * EndTxn's rules (Kafka's TransactionCoordinator.endTransaction) for the two transaction versions: which producer id
 * and epoch may end the transaction, how a retry of a finished one is recognised and answered, and what is decided.
 * Version 1 decides under the session's epoch; version 2 (EndTxn v5) under the epoch after it ({@link EpochBump}),
 * and lets a client abort with nothing open. The caller holds the shard's lock.
 */
final class EndTxnRules {
    private final TransactionCompletion completion;
    private final Time time;

    EndTxnRules(TransactionCompletion completion, Time time) {
        this.completion = completion;
        this.time = time;
    }

    /** Ends (or answers the retry of ending) the transaction of {@code m} for a client of {@code tv}. */
    EndResult end(TransactionShard s, TransactionMetadata m, long producerId, short epoch, boolean commit, short tv)
            throws IOException {
        return tv == TransactionMetadata.TV_2 ? endV2(s, m, producerId, epoch, commit)
                : endV1(s, m, producerId, epoch, commit);
    }

    /** Transaction version 1: the session's epoch must match; a finished transaction answers its retry. */
    private EndResult endV1(TransactionShard s, TransactionMetadata m, long producerId, short epoch, boolean commit)
            throws IOException {
        if (m.producerId() != producerId) {
            return EndResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING);
        }
        if (epoch != m.producerEpoch()) {
            return EndResult.failed(Errors.PRODUCER_FENCED);
        }
        if (m.state().isPrepare()) {
            m = completion.tryComplete(s, m);
        }
        Errors error = switch (m.state()) {
            case ONGOING -> Errors.NONE;
            case COMPLETE_COMMIT -> commit ? Errors.NONE : Errors.INVALID_TXN_STATE;
            case COMPLETE_ABORT -> commit ? Errors.INVALID_TXN_STATE : Errors.NONE;
            case PREPARE_COMMIT -> commit ? Errors.CONCURRENT_TRANSACTIONS : Errors.INVALID_TXN_STATE;
            case PREPARE_ABORT -> commit ? Errors.INVALID_TXN_STATE : Errors.CONCURRENT_TRANSACTIONS;
            default -> Errors.INVALID_TXN_STATE;
        };
        if (m.state() == TransactionState.ONGOING) {
            return decide(s, m.prepare(commit, m.producerEpoch(), TransactionMetadata.TV_1, time.milliseconds()));
        }
        return answer(error, m);
    }

    /**
     * Transaction version 2 (Kafka's endTransaction for clients that support the epoch bump): the open transaction
     * is decided under epoch + 1; a retry comes with the epoch before the bump, or after an overflow with the
     * previous producer id and epoch 32766.
     */
    private EndResult endV2(TransactionShard s, TransactionMetadata m, long producerId, short epoch, boolean commit)
            throws IOException {
        boolean retryOnOverflow = m.previousProducerId() == producerId && epoch == Short.MAX_VALUE - 1
                && m.producerEpoch() == 0;
        boolean retryOnBump = m.producerEpoch() == epoch + 1;
        boolean validEpoch = switch (m.state()) {
            case PREPARE_COMMIT, PREPARE_ABORT -> retryOnBump;
            case COMPLETE_COMMIT, COMPLETE_ABORT -> retryOnBump || retryOnOverflow || epoch == m.producerEpoch();
            default -> epoch == m.producerEpoch();
        };
        if (m.producerId() != producerId && !retryOnOverflow) {
            return EndResult.failed(Errors.INVALID_PRODUCER_ID_MAPPING);
        }
        if (!validEpoch) {
            return EndResult.failed(Errors.PRODUCER_FENCED);
        }
        boolean retry = retryOnBump || retryOnOverflow;
        if (m.state().isPrepare()) {
            m = completion.tryComplete(s, m);
        }
        return switch (m.state()) {
            case ONGOING -> decide(s, m.prepare(commit, EpochBump.decision(m.producerEpoch()), TransactionMetadata.TV_2,
                    time.milliseconds()));
            case COMPLETE_COMMIT -> commit ? answer(retry ? Errors.NONE : Errors.INVALID_TXN_STATE, m)
                    : retry ? EndResult.failed(Errors.INVALID_TXN_STATE) : abortNothingOpen(s, m);
            case COMPLETE_ABORT -> commit ? EndResult.failed(Errors.INVALID_TXN_STATE)
                    : retry ? answer(Errors.NONE, m) : abortNothingOpen(s, m);
            case EMPTY -> commit ? EndResult.failed(Errors.INVALID_TXN_STATE) : abortNothingOpen(s, m);
            case PREPARE_COMMIT -> EndResult.failed(commit ? Errors.CONCURRENT_TRANSACTIONS
                    : Errors.INVALID_TXN_STATE);
            case PREPARE_ABORT -> EndResult.failed(commit ? Errors.INVALID_TXN_STATE
                    : Errors.CONCURRENT_TRANSACTIONS);
            default -> EndResult.failed(Errors.INVALID_TXN_STATE);
        };
    }

    /** Transaction version 2 lets a client abort with no transaction open: the epoch is bumped, nothing marked. */
    private EndResult abortNothingOpen(TransactionShard s, TransactionMetadata m) throws IOException {
        return decide(s, m.prepare(false, EpochBump.decision(m.producerEpoch()), TransactionMetadata.TV_2,
                time.milliseconds()));
    }

    /**
     * Persists the decision and writes its markers. Decided but not every marker or offset written: the producer
     * retries EndTxn until it is (CONCURRENT_TRANSACTIONS), so once commitTransaction returns the group's offsets are
     * in place (a consumer that rewinds to them right after does not copy again).
     */
    private EndResult decide(TransactionShard s, TransactionMetadata prepared) throws IOException {
        TransactionMetadata m = completion.tryComplete(s, completion.persist(s, prepared));
        return m.state().isPrepare() ? EndResult.failed(Errors.CONCURRENT_TRANSACTIONS) : answer(Errors.NONE, m);
    }

    private static EndResult answer(Errors error, TransactionMetadata m) {
        return error == Errors.NONE ? new EndResult(error, m.producerId(), m.producerEpoch())
                : EndResult.failed(error);
    }
}
