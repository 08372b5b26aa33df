package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's clock-driven work on one shard (Kafka's abortTimedOutTransactions and
 * removeExpiredTransactionalIds): a transaction open longer than its {@code transaction.timeout.ms} is aborted,
 * fencing its producer with a bumped epoch; a prepared transaction whose markers could not all be written is
 * finished; an idle id unused for {@code transactional.id.expiration.ms} is forgotten; the store is compacted.
 */
final class TransactionExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionExpiry.class);

    private final TransactionCompletion completion;
    private final long idExpirationMs;
    private final Time time;

    TransactionExpiry(TransactionCompletion completion, long idExpirationMs, Time time) {
        this.completion = completion;
        this.idExpirationMs = idExpirationMs;
        this.time = time;
    }

    /** Aborts the shard's timed-out transactions, finishes its prepared ones, forgets its expired ids. */
    void sweep(TransactionShard s) {
        synchronized (s.lock) {
            long now = time.milliseconds();
            List<String> expired = new ArrayList<>();
            for (TransactionMetadata m : List.copyOf(s.txns.values())) {
                try {
                    if (m.state() == TransactionState.ONGOING && now - m.txnStartTimestamp() > m.timeoutMs()) {
                        LOG.info("Aborting transaction of '{}' (producer {}): open longer than its timeout of {} ms",
                                m.transactionalId(), m.producerId(), m.timeoutMs());
                        completion.tryComplete(s, completion.persist(s, m.abortFenced(EpochBump.fence(m.producerEpoch()), now)));
                    } else if (m.state().isPrepare()) {
                        completion.tryComplete(s, m);
                    } else if (m.state().isIdle() && now - m.lastUpdateTimestamp() > idExpirationMs) {
                        expired.add(m.transactionalId());
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Transaction sweep of '{}' failed: {}", m.transactionalId(), e.toString());
                }
            }
            try {
                if (!expired.isEmpty()) {
                    s.store.write(List.of(), expired);
                    expired.forEach(s.txns::remove);
                    LOG.info("Expired {} idle transactional id(s)", expired.size());
                }
                s.store.maybeRewrite(s.txns.values());
            } catch (IOException e) {
                LOG.warn("Cannot write to {} partition {}: {}", TransactionCoordinator.TOPIC, s.partition, e.toString());
            }
        }
    }
}
