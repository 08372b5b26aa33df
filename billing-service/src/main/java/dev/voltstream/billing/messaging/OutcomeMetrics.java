package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What billing's consumers did with the events they applied, {@code voltstream_events_consumed_total{topic,outcome}}
 * (applied, duplicate, ignored), each counter looked up once and cached. Dead-lettered and skipped records are counted
 * by the kit's {@code ConsumerMetrics}.
 */
@ApplicationScoped
public class OutcomeMetrics {
    /** Micrometer name of the consumed-events counter, tagged with the outcome. */
    public static final String CONSUMED = "voltstream.events.consumed";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public OutcomeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts what a committed transaction did with each of its events. */
    public void count(String topic, List<Outcome> outcomes) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        counts.forEach((outcome, n) -> {
            String tag = outcome.name().toLowerCase();
            counters.computeIfAbsent(topic + "|" + tag,
                    k -> registry.counter(CONSUMED, "topic", topic, "outcome", tag)).increment(n);
        });
    }
}
