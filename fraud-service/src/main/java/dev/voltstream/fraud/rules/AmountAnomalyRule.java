package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Fraud: an amount far above the account's running average of approved amounts — above {@code factor} × average, once
 * the account has {@code minHistory} approved transactions, and above {@code minAmount} so small payments never fire.
 */
public final class AmountAnomalyRule implements TransactionRule {
    private final BigDecimal factor;
    private final int minHistory;
    private final BigDecimal minAmount;
    private final Severity severity;

    public AmountAnomalyRule(BigDecimal factor, int minHistory, BigDecimal minAmount, Severity severity) {
        this.factor = factor;
        this.minHistory = minHistory;
        this.minAmount = minAmount;
        this.severity = severity;
    }

    @Override
    public Optional<RuleHit> evaluate(Transaction tx, AccountHistory history) {
        if (history.approvedCount() < minHistory || tx.amount().compareTo(minAmount) <= 0) {
            return Optional.empty();
        }
        BigDecimal average = history.averageAmount();
        BigDecimal ceiling = average.multiply(factor);
        if (tx.amount().compareTo(ceiling) <= 0) {
            return Optional.empty();
        }
        return Optional.of(RuleHit.fraud(RuleNames.AMOUNT_ANOMALY, severity, "amount " + tx.amount().toPlainString()
                + " is above " + factor.toPlainString() + " x the average " + average.toPlainString()
                + " of " + history.approvedCount() + " transactions"));
    }
}
