package dev.voltstream.stationproducer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulator's settings ({@code simulator.*}). The seed fixes the fleet and the sequence of simulated events; the
 * run id goes into every generated id so a restarted producer never repeats the ids of an earlier run.
 */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /** Seed of every random choice: same seed, same fleet, same event sequence. */
    @WithDefault("42")
    long seed();

    /** Prefix of generated ids; defaults to one derived from the start time. */
    Optional<String> runId();

    /** Number of charging stations (st-001...). */
    @WithDefault("200")
    int stations();

    /** Number of accounts (acc-0001...). */
    @WithDefault("1000")
    int accounts();

    /**
     * Events per second the running simulation emits (all types together). The default gives 60 payments/s: with
     * 1,000 accounts that is one payment per account every ~17 s, under fraud-service's velocity limit (5 per 60 s).
     */
    @WithDefault("100")
    double eventsPerSecond();

    /** Share of the emitted events that are transactions (the rest is station activity). */
    @WithDefault("0.6")
    double transactionShare();

    /** How often the runner publishes what is due (the scheduler reads it as {@code ${simulator.tick}}). */
    @WithDefault("100ms")
    Duration tick();

    /** Start simulating at startup. */
    @WithDefault("true")
    boolean autostart();

    /** Fraud scenario sizes, chosen to exceed fraud-service's default thresholds clearly. */
    Scenario scenario();

    /** Sizes of the fraud scenarios. */
    interface Scenario {
        /** Transactions in a velocity burst (fraud.velocity.max-count is 5 per 60 s). */
        @WithDefault("12")
        int velocityBurstSize();

        /** Amount of the over-limit transaction (fraud.limits.per-transaction is 2000.00). */
        @WithDefault("4750.00")
        BigDecimal overLimitAmount();

        /** Amount of each daily-limit transaction: under the per-transaction limit, together over the daily one. */
        @WithDefault("1800.00")
        BigDecimal dailyLimitAmount();

        /** Number of daily-limit transactions (3 × 1800.00 = 5400.00 > the daily 5000.00). */
        @WithDefault("3")
        int dailyLimitCount();

        /** The anomalous amount after a history of small ones (> 5 × average and > 500, < 2000). */
        @WithDefault("1500.00")
        BigDecimal anomalyAmount();
    }
}
