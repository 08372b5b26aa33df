package dev.voltstream.billing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

/** Tariffs, opening balance and outbox relay settings ({@code billing.*} in application.properties). */
@ConfigMapping(prefix = "billing")
public interface BillingConfig {

    /** Price of one kWh of energy. */
    @WithDefault("0.39")
    BigDecimal tariffPerKwh();

    /** Price of one minute plugged in after charging finished. */
    @WithDefault("0.10")
    BigDecimal idleFeePerMinute();

    /** Share of each invoice that is the platform's commission. */
    @WithDefault("0.15")
    BigDecimal commissionRate();

    /** Balance an account is opened with at first sight (an OPENING ledger entry). */
    @WithDefault("5000.00")
    BigDecimal openingBalance();

    /** Currency of accounts, invoices and charging payments. */
    @WithDefault("EUR")
    String currency();

    /** The ledger account that is credited with every approved payment. */
    @WithDefault("platform")
    String platformAccount();

    /** Outbox relay settings. */
    Outbox outbox();

    /** Consumer settings. */
    Consumer consumer();

    /** How the consumers retry an effect that failed for a reason other than a bad event. */
    interface Consumer {
        /** Attempts before a record is dead-lettered. */
        @WithDefault("4")
        int attempts();

        /** Pause after the first failed attempt, growing linearly. */
        @WithDefault("50")
        long backoffMs();
    }

    /** How the outbox relay publishes. */
    interface Outbox {
        /** Rows published per relay run, at most. */
        @WithDefault("200")
        int batchSize();

        /** Seconds to wait for the broker to acknowledge a batch before trying again on the next run. */
        @WithDefault("10")
        int ackTimeoutSeconds();

        /** Pause between relay runs (a Duration like 0.2s or 5s). */
        @WithDefault("0.2s")
        java.time.Duration relayInterval();

        /** Readiness turns DOWN when more rows than this wait for the relay. */
        @WithDefault("100000")
        long maxBacklog();
    }
}
