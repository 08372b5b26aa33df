package dev.voltstream.kit.consumer;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Retries a transaction that failed for a transient reason (a lost database connection, a deadlock, a duplicate-key
 * race with another consumer during a rebalance — the retry then finds the winner's rows and changes nothing), with a
 * doubling pause. Runs on the caller's (worker) thread: blocking the partition while retrying keeps its order.
 */
@ApplicationScoped
public class RetryPolicy {
    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    private final int maxAttempts;
    private final long backoffMillis;
    private final long maxBackoffMillis;

    public RetryPolicy(ConsumerConfig config) {
        this.maxAttempts = Math.max(1, config.maxAttempts());
        this.backoffMillis = Math.max(0, config.backoff().toMillis());
        this.maxBackoffMillis = Math.max(backoffMillis, config.maxBackoff().toMillis());
    }

    /** The action's result; the last attempt's failure when all failed. */
    public <T> T run(String what, Supplier<T> action) {
        long pause = backoffMillis;
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d of %d), retrying: %s", what, attempt, maxAttempts, e.toString());
                sleep(pause);
                pause = Math.min(maxBackoffMillis, pause * 2);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
