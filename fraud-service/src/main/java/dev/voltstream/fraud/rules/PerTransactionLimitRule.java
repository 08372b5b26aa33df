package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.math.BigDecimal;
import java.util.Optional;

/** Compliance: a single transaction may not exceed the per-transaction limit. */
public final class PerTransactionLimitRule implements TransactionRule {
    private final BigDecimal limit;

    public PerTransactionLimitRule(BigDecimal limit) {
        this.limit = limit;
    }

    @Override
    public Optional<RuleHit> evaluate(Transaction tx, AccountHistory history) {
        if (tx.amount().compareTo(limit) <= 0) {
            return Optional.empty();
        }
        return Optional.of(RuleHit.compliance(RuleNames.PER_TRANSACTION_LIMIT,
                "amount " + tx.amount().toPlainString() + " exceeds the per-transaction limit " + limit.toPlainString()));
    }
}
