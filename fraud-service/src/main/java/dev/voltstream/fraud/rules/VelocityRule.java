package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.time.Duration;
import java.util.Optional;

/**
 * Fraud: more than {@code maxCount} transactions of one account within a sliding window ending at this transaction
 * (this one included), e.g. the 6th transaction within 60 s when max-count is 5.
 */
public final class VelocityRule implements TransactionRule {
    private final int maxCount;
    private final Duration window;
    private final Severity severity;

    public VelocityRule(int maxCount, Duration window, Severity severity) {
        this.maxCount = maxCount;
        this.window = window;
        this.severity = severity;
    }

    @Override
    public Optional<RuleHit> evaluate(Transaction tx, AccountHistory history) {
        long count = history.countWithin(tx.occurredAt(), window) + 1;
        if (count <= maxCount) {
            return Optional.empty();
        }
        return Optional.of(RuleHit.fraud(RuleNames.VELOCITY, severity,
                count + " transactions within " + window.toSeconds() + " s (max " + maxCount + ")"));
    }
}
