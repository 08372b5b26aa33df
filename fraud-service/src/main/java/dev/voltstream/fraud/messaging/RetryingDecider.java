package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.config.FraudConfig;
import dev.voltstream.fraud.service.FraudMetrics;
import dev.voltstream.fraud.service.Outcome;
import dev.voltstream.fraud.service.TransactionDecider;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Retries a batch whose decision failed for a transient reason (a lost database connection, a duplicate-key race with
 * another instance during a rebalance — the retry then finds the stored verdicts). Each attempt is one database
 * transaction for the whole batch, so a failed attempt leaves nothing behind. Blocking the partition while retrying
 * keeps per-account order. Metrics count only what committed.
 */
@ApplicationScoped
public class RetryingDecider {
    private static final Logger LOG = Logger.getLogger(RetryingDecider.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2_000;

    private final TransactionDecider decider;
    private final FraudMetrics metrics;
    private final int maxAttempts;

    public RetryingDecider(TransactionDecider decider, FraudMetrics metrics, FraudConfig config) {
        this.decider = decider;
        this.metrics = metrics;
        this.maxAttempts = Math.max(1, config.processing().maxAttempts());
    }

    /** The committed outcomes of {@code batch}, in order; throws when the last attempt failed. */
    public List<Outcome> decideAll(List<Transaction> batch) {
        long backoff = FIRST_BACKOFF_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                List<Outcome> outcomes = decider.decideAll(batch);
                metrics.decided(outcomes);
                return outcomes;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warnf("deciding a batch of %d transactions (first %s) failed (attempt %d of %d), retrying: %s",
                        batch.size(), batch.get(0).transactionId(), attempt, maxAttempts, e.toString());
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
