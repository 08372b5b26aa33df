package dev.voltstream.fraud.config;

import dev.voltstream.fraud.rules.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The {@code fraud.*} configuration: the rules' thresholds (defaults as in the shared design; application.properties
 * repeats them). The outbox and the consumer retries are the kit's {@code voltstream.outbox.*} and
 * {@code voltstream.consumer.*}.
 */
@ConfigMapping(prefix = "fraud")
public interface FraudConfig {
    Limits limits();

    Velocity velocity();

    Anomaly anomaly();

    Travel travel();

    /** Compliance limits. */
    interface Limits {
        @WithDefault("2000.00")
        BigDecimal perTransaction();

        @WithDefault("5000.00")
        BigDecimal daily();

        @WithDefault("UTC")
        ZoneId dayZone();
    }

    /** The velocity rule. */
    interface Velocity {
        @WithDefault("5")
        int maxCount();

        @WithDefault("60s")
        Duration window();

        @WithDefault("HIGH")
        Severity severity();
    }

    /** The amount-anomaly rule. */
    interface Anomaly {
        @WithDefault("5")
        BigDecimal factor();

        @WithDefault("5")
        int minHistory();

        @WithDefault("500.00")
        BigDecimal minAmount();

        @WithDefault("MEDIUM")
        Severity severity();
    }

    /** The impossible-travel rule. */
    interface Travel {
        @WithDefault("900")
        double maxSpeedKmh();

        @WithDefault("50")
        double minDistanceKm();

        @WithDefault("HIGH")
        Severity severity();
    }
}
