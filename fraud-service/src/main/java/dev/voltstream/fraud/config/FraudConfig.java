package dev.voltstream.fraud.config;

import dev.voltstream.fraud.rules.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

/** The {@code fraud.*} configuration (defaults as in the shared design; application.properties repeats them). */
@ConfigMapping(prefix = "fraud")
public interface FraudConfig {
    Limits limits();

    Velocity velocity();

    Anomaly anomaly();

    Travel travel();

    Outbox outbox();

    Processing processing();

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

    /** The outbox relay. */
    interface Outbox {
        @WithDefault("100ms")
        Duration interval();

        @WithDefault("200")
        int batchSize();

        @WithDefault("30s")
        Duration ackTimeout();

        /** Health turns DOWN when an event waits longer than this. */
        @WithDefault("60s")
        Duration maxPendingAge();
    }

    /** Consumption of transactions. */
    interface Processing {
        /** Attempts for a transient (database) failure before the record is dead-lettered. */
        @WithDefault("5")
        int maxAttempts();
    }
}
