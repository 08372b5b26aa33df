package dev.voltstream.fraud.rest;

import dev.voltstream.fraud.rules.Thresholds;

import java.math.BigDecimal;

/** The thresholds in force, with durations in seconds and severities by name. */
public record ThresholdsView(BigDecimal perTransactionLimit, BigDecimal dailyLimit, String dayZone,
                             int velocityMaxCount, long velocityWindowSeconds, String velocitySeverity,
                             BigDecimal anomalyFactor, int anomalyMinHistory, BigDecimal anomalyMinAmount,
                             String anomalySeverity, double travelMaxSpeedKmh, double travelMinDistanceKm,
                             String travelSeverity) {

    static ThresholdsView of(Thresholds t) {
        return new ThresholdsView(t.perTransactionLimit(), t.dailyLimit(), t.dayZone().getId(), t.velocityMaxCount(),
                t.velocityWindow().toSeconds(), t.velocitySeverity().name(), t.anomalyFactor(), t.anomalyMinHistory(),
                t.anomalyMinAmount(), t.anomalySeverity().name(), t.travelMaxSpeedKmh(), t.travelMinDistanceKm(),
                t.travelSeverity().name());
    }
}
