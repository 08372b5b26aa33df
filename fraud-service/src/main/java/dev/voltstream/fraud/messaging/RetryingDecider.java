package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.config.FraudConfig;
import dev.voltstream.fraud.service.Outcome;
import dev.voltstream.fraud.service.TransactionDecider;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Retries a decision that failed for a transient reason (a lost database connection, a duplicate-key race with
 * another instance during a rebalance — the retry then finds the stored verdict). Each attempt is its own database
 * transaction, so a failed attempt leaves nothing behind. Blocking the partition while retrying keeps per-account order.
 */
@ApplicationScoped
public class RetryingDecider {
    private static final Logger LOG = Logger.getLogger(RetryingDecider.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final TransactionDecider decider;
    private final int maxAttempts;

    public RetryingDecider(TransactionDecider decider, FraudConfig config) {
        this.decider = decider;
        this.maxAttempts = Math.max(1, config.processing().maxAttempts());
    }

    public Outcome decide(Transaction tx) {
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                return decider.decide(tx);
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warnf("deciding transaction %s failed (attempt %d of %d), retrying: %s", tx.transactionId(),
                        attempt, maxAttempts, e.toString());
                pause(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
