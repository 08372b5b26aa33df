package dev.voltstream.fraud.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters of what the service decided (exported at /q/metrics); each counter is looked up once. */
@ApplicationScoped
public class FraudMetrics {
    private final MeterRegistry registry;
    private final Counter redelivered;
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();

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

    public double redeliveredCount() {
        return redelivered.count();
    }
}
