package dev.voltstream.broker.transaction;

import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The coordinator's settings, Kafka's names and defaults.
 *
 * @param maxTimeoutMs          {@code transaction.max.timeout.ms}: the longest {@code transaction.timeout.ms} a
 *                              producer may ask for
 * @param abortCheckIntervalMs  {@code transaction.abort.timed.out.transaction.cleanup.interval.ms}: how often open
 *                              transactions past their timeout are aborted
 * @param idExpirationMs        {@code transactional.id.expiration.ms}: an idle transactional id is forgotten after
 *                              this long
 * @param writeTimeoutMs        {@code request.timeout.ms}: how long a cluster's coordinator waits for its state write
 *                              to be replicated before answering COORDINATOR_NOT_AVAILABLE
 */
public record TransactionConfig(int maxTimeoutMs, long abortCheckIntervalMs, long idExpirationMs,
                                long writeTimeoutMs) {
    public static TransactionConfig from(BrokerConfig config) {
        return new TransactionConfig(
                config.getInt("transaction.max.timeout.ms", (int) TimeUnit.MINUTES.toMillis(15)),
                config.getLong("transaction.abort.timed.out.transaction.cleanup.interval.ms", 10_000),
                config.getLong("transactional.id.expiration.ms", TimeUnit.DAYS.toMillis(7)),
                config.getLong("request.timeout.ms", 30_000));
    }
}
