package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.util.ArrayList;
import java.util.List;

/** Runs every rule on a transaction (compliance first, then fraud) and decides. */
public final class RuleEngine {
    private final List<TransactionRule> rules;

    public RuleEngine(List<TransactionRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The six rules of the shared design, configured by {@code thresholds}. */
    public static RuleEngine standard(Thresholds t) {
        return new RuleEngine(List.of(
                new BlockedAccountRule(),
                new PerTransactionLimitRule(t.perTransactionLimit()),
                new DailyLimitRule(t.dailyLimit(), t.dayZone()),
                new VelocityRule(t.velocityMaxCount(), t.velocityWindow(), t.velocitySeverity()),
                new AmountAnomalyRule(t.anomalyFactor(), t.anomalyMinHistory(), t.anomalyMinAmount(),
                        t.anomalySeverity()),
                new ImpossibleTravelRule(t.travelMaxSpeedKmh(), t.travelMinDistanceKm(), t.travelSeverity())));
    }

    /** Every rule sees the same history (the one before {@code tx}); all hits are collected, none short-circuits. */
    public Decision evaluate(Transaction tx, AccountHistory history) {
        List<RuleHit> hits = new ArrayList<>();
        for (TransactionRule rule : rules) {
            rule.evaluate(tx, history).ifPresent(hits::add);
        }
        return Decision.of(hits);
    }
}
