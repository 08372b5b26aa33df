package dev.voltstream.billing.messaging;

import dev.voltstream.billing.config.BillingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Retries an effect (one invoice, or a whole batch of verdicts) a few times with a growing pause. Two transactions
 * racing for the same new row (a session's invoice, an account opened from both topics, an event id redelivered to
 * the other consumer copy after a rebalance) lose with a constraint violation or a deadlock; the retry then sees the
 * winner's row and becomes a no-op instead of a dead letter.
 */
@ApplicationScoped
public class RetryPolicy {
    private static final Logger LOG = Logger.getLogger(RetryPolicy.class);

    private final int attempts;
    private final long backoffMillis;

    public RetryPolicy(BillingConfig config) {
        this.attempts = Math.max(1, config.consumer().attempts());
        this.backoffMillis = Math.max(0, config.consumer().backoffMs());
    }

    /** Runs the action; failures of type {@code fatal} are rethrown at once, others after the last attempt. */
    public <T> T run(Supplier<T> action, Class<? extends RuntimeException> fatal) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (fatal.isInstance(e) || causedBy(e, fatal) || attempt >= attempts) {
                    throw e;
                }
                LOG.debugf("attempt %d of %d failed, retrying: %s", attempt, attempts, e);
                pause(attempt);
            }
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends RuntimeException> type) {
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private void pause(int attempt) {
        try {
            Thread.sleep(backoffMillis * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
