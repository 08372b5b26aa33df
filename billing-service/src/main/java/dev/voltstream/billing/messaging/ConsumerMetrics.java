package dev.voltstream.billing.messaging;

import dev.voltstream.contracts.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumers' counters, looked up once per tag combination and cached: the hot path only increments.
 * {@code voltstream_events_consumed_total{topic,outcome}} and {@code voltstream_events_skipped_total{reason,topic,type}}.
 */
@ApplicationScoped
public class ConsumerMetrics {
    /** Micrometer name of the skipped-events counter (Prometheus: voltstream_events_skipped_total). */
    public static final String SKIPPED = "voltstream.events.skipped";
    /** Micrometer name of the consumed-events counter, tagged with the outcome. */
    public static final String CONSUMED = "voltstream.events.consumed";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts {@code n} consumed records of the topic with the outcome (applied, duplicate, dead-lettered, ...). */
    public void consumed(String topic, String outcome, int n) {
        if (n > 0) {
            counters.computeIfAbsent("c|" + topic + "|" + outcome,
                    k -> registry.counter(CONSUMED, "topic", topic, "outcome", outcome)).increment(n);
        }
    }

    /** Counts a record skipped for the reason (unknown-type, ignored-type). */
    public void skipped(String topic, String reason, String type) {
        String tag = limit(type);
        counters.computeIfAbsent("s|" + topic + "|" + reason + "|" + tag,
                k -> registry.counter(SKIPPED, "reason", reason, "topic", topic, "type", tag)).increment();
    }

    /** Keeps a hostile producer from creating unbounded metric tag values. */
    private static String limit(String type) {
        return EventTypes.CLASSES.containsKey(type) ? type : "other";
    }
}
