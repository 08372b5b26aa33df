package dev.voltstream.fraud.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Every configurable number the rules use (the service fills it from {@code fraud.*} configuration).
 *
 * @param perTransactionLimit  a single transaction above this is declined
 * @param dailyLimit           approved amounts of one account per day (in {@code dayZone}) may not exceed this
 * @param dayZone              the zone in which "a day" is counted
 * @param velocityMaxCount     more transactions than this within {@code velocityWindow} fire VELOCITY
 * @param velocityWindow       the sliding window of the velocity rule
 * @param velocitySeverity     severity of VELOCITY
 * @param anomalyFactor        an amount above factor × the account's average fires AMOUNT_ANOMALY ...
 * @param anomalyMinHistory    ... once the account has at least this many approved transactions ...
 * @param anomalyMinAmount     ... and the amount is above this
 * @param anomalySeverity      severity of AMOUNT_ANOMALY
 * @param travelMaxSpeedKmh    moving faster than this between two transactions fires IMPOSSIBLE_TRAVEL ...
 * @param travelMinDistanceKm  ... when they are at least this far apart (nearby terminals are not "travel")
 * @param travelSeverity       severity of IMPOSSIBLE_TRAVEL
 */
public record Thresholds(BigDecimal perTransactionLimit, BigDecimal dailyLimit, ZoneId dayZone,
                         int velocityMaxCount, Duration velocityWindow, Severity velocitySeverity,
                         BigDecimal anomalyFactor, int anomalyMinHistory, BigDecimal anomalyMinAmount,
                         Severity anomalySeverity,
                         double travelMaxSpeedKmh, double travelMinDistanceKm, Severity travelSeverity) {

    public Thresholds {
        Objects.requireNonNull(perTransactionLimit, "perTransactionLimit");
        Objects.requireNonNull(dailyLimit, "dailyLimit");
        Objects.requireNonNull(dayZone, "dayZone");
        Objects.requireNonNull(velocityWindow, "velocityWindow");
        Objects.requireNonNull(anomalyFactor, "anomalyFactor");
        Objects.requireNonNull(anomalyMinAmount, "anomalyMinAmount");
        if (velocityMaxCount < 1 || velocityWindow.isNegative() || velocityWindow.isZero()) {
            throw new IllegalArgumentException("velocity needs max-count >= 1 and a positive window");
        }
        if (travelMaxSpeedKmh <= 0) {
            throw new IllegalArgumentException("travel max speed must be positive");
        }
    }

    /** The defaults of the shared design (also the defaults in application.properties). */
    public static Thresholds defaults() {
        return new Thresholds(new BigDecimal("2000.00"), new BigDecimal("5000.00"), ZoneId.of("UTC"),
                5, Duration.ofSeconds(60), Severity.HIGH,
                new BigDecimal("5"), 5, new BigDecimal("500.00"), Severity.MEDIUM,
                900.0, 50.0, Severity.HIGH);
    }
}
