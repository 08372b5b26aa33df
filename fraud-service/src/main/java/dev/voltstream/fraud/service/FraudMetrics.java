package dev.voltstream.fraud.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters of what the service decided and skipped (exported at /q/metrics); each counter is looked up once. */
@ApplicationScoped
public class FraudMetrics {
    /** The counter every Voltstream consumer uses for records it acknowledges without processing. */
    public static final String SKIPPED = "voltstream_events_skipped_total";

    private final MeterRegistry registry;
    private final Counter redelivered;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();

    public FraudMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redelivered = registry.counter("fraud_redelivered_transactions_total");
    }

    /** Counts what a committed batch decided. */
    public void decided(Iterable<Outcome> outcomes) {
        for (Outcome outcome : outcomes) {
            if (outcome.redelivered()) {
                redelivered.increment();
                continue;
            }
            verdict(outcome.verdict().verdict().name());
            outcome.alertRules().forEach(this::alert);
        }
    }

    private void verdict(String verdict) {
        verdicts.computeIfAbsent(verdict, v -> registry.counter("fraud_verdicts_total", "verdict", v)).increment();
    }

    private void alert(String rule) {
        alerts.computeIfAbsent(rule, r -> registry.counter("fraud_alerts_total", "rule", r)).increment();
    }

    public void skipped(String reason) {
        skipped.computeIfAbsent(reason, r -> registry.counter(SKIPPED, "reason", r)).increment();
    }

    public double redeliveredCount() {
        return redelivered.count();
    }

    public double skippedCount(String reason) {
        var counter = registry.find(SKIPPED).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
