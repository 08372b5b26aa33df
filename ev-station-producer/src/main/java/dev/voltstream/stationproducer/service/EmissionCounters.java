package dev.voltstream.stationproducer.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts per event type (the record's simple name): sent to the broker, acknowledged by it, failed; and events the
 * simulation dropped because too many were still in flight. Mirrored as the micrometer counter
 * {@code voltstream_producer_events_total{type,outcome}}.
 */
@ApplicationScoped
public class EmissionCounters {
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acked = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final LongAdder dropped = new LongAdder();
    private final MeterRegistry registry;

    public EmissionCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void sent(String type) {
        count(sent, type, "sent");
    }

    public void acked(String type) {
        count(acked, type, "acked");
    }

    public void failed(String type) {
        count(failed, type, "failed");
    }

    public void dropped(long events) {
        dropped.add(events);
        registry.counter("voltstream.producer.events", "type", "any", "outcome", "dropped").increment(events);
    }

    /** Acknowledged events per type, sorted by type. */
    public Map<String, Long> ackedByType() {
        return snapshot(acked);
    }

    public long totalSent() {
        return total(sent);
    }

    public long totalAcked() {
        return total(acked);
    }

    public long totalFailed() {
        return total(failed);
    }

    public long totalDropped() {
        return dropped.sum();
    }

    /** Sent but neither acknowledged nor failed yet. */
    public long inFlight() {
        return totalSent() - totalAcked() - totalFailed();
    }

    private void count(Map<String, LongAdder> counts, String type, String outcome) {
        counts.computeIfAbsent(type, t -> new LongAdder()).increment();
        registry.counter("voltstream.producer.events", "type", type, "outcome", outcome).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((type, n) -> copy.put(type, n.sum()));
        return copy;
    }

    private static long total(Map<String, LongAdder> counts) {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
