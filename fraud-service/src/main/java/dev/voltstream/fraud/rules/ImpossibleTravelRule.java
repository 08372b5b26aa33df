package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.Transaction;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Fraud: the account would have had to move faster than {@code maxSpeedKmh} between its last approved transaction's
 * location and this one's. Points closer than {@code minDistanceKm} never fire (terminals in one city, GPS noise);
 * two far-apart transactions at the same instant count as infinitely fast.
 */
public final class ImpossibleTravelRule implements TransactionRule {
    private final double maxSpeedKmh;
    private final double minDistanceKm;
    private final Severity severity;

    public ImpossibleTravelRule(double maxSpeedKmh, double minDistanceKm, Severity severity) {
        this.maxSpeedKmh = maxSpeedKmh;
        this.minDistanceKm = minDistanceKm;
        this.severity = severity;
    }

    @Override
    public Optional<RuleHit> evaluate(Transaction tx, AccountHistory history) {
        if (tx.location() == null || history.lastLocation() == null || history.lastAt() == null) {
            return Optional.empty();
        }
        double km = history.lastLocation().distanceKm(tx.location());
        if (km < minDistanceKm) {
            return Optional.empty();
        }
        // Absolute time: a transaction that arrives out of order is as suspicious as one in order.
        long millis = Math.abs(Duration.between(history.lastAt(), tx.occurredAt()).toMillis());
        double hours = millis / 3_600_000.0;
        double speed = hours == 0 ? Double.POSITIVE_INFINITY : km / hours;
        if (speed <= maxSpeedKmh) {
            return Optional.empty();
        }
        return Optional.of(RuleHit.fraud(RuleNames.IMPOSSIBLE_TRAVEL, severity, String.format(Locale.ROOT,
                "%.1f km in %.1f s is %.0f km/h (max %.0f)", km, millis / 1000.0, speed, maxSpeedKmh)));
    }
}
