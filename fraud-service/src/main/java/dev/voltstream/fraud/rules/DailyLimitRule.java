package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Optional;

/** Compliance: the approved amount of one account on one day (in the configured zone) may not exceed the limit. */
public final class DailyLimitRule implements TransactionRule {
    private final BigDecimal limit;
    private final ZoneId zone;

    public DailyLimitRule(BigDecimal limit, ZoneId zone) {
        this.limit = limit;
        this.zone = zone;
    }

    @Override
    public Optional<RuleHit> evaluate(Transaction tx, AccountHistory history) {
        BigDecimal spent = history.spentOn(tx.occurredAt(), zone);
        BigDecimal after = spent.add(tx.amount());
        if (after.compareTo(limit) <= 0) {
            return Optional.empty();
        }
        return Optional.of(RuleHit.compliance(RuleNames.DAILY_LIMIT, "already spent " + spent.toPlainString()
                + " today; " + after.toPlainString() + " would exceed the daily limit " + limit.toPlainString()));
    }
}
