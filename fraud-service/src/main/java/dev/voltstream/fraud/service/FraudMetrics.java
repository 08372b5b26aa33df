package dev.voltstream.fraud.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Counters of what the service decided and skipped (exported at /q/metrics). */
@ApplicationScoped
public class FraudMetrics {
    /** The counter every Voltstream consumer uses for records it acknowledges without processing. */
    public static final String SKIPPED = "voltstream_events_skipped_total";

    private final MeterRegistry registry;

    public FraudMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void verdict(String verdict) {
        registry.counter("fraud_verdicts_total", "verdict", verdict).increment();
    }

    public void alert(String rule) {
        registry.counter("fraud_alerts_total", "rule", rule).increment();
    }

    public void redelivered() {
        registry.counter("fraud_redelivered_transactions_total").increment();
    }

    public void skipped(String reason) {
        registry.counter(SKIPPED, "reason", reason).increment();
    }

    public double skippedCount(String reason) {
        var counter = registry.find(SKIPPED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
