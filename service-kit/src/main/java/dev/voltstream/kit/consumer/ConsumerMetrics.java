package dev.voltstream.kit.consumer;

import dev.voltstream.contracts.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumers' counters, each looked up once and cached (the hot path only increments):
 * {@code voltstream_events_dead_lettered_total{topic,reason}} (reason {@code missing-type}, {@code unknown-type} or
 * {@code poison}) and {@code voltstream_events_skipped_total{topic,reason="ignored-type",type}}.
 */
@ApplicationScoped
public class ConsumerMetrics {
    /** Micrometer name of the dead-lettered-records counter. */
    public static final String DEAD_LETTERED = "voltstream.events.dead.lettered";
    /** Micrometer name of the skipped-records counter (known types a consumer does not handle). */
    public static final String SKIPPED = "voltstream.events.skipped";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public ConsumerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A record sent to the dead-letter topic, for one of a few fixed reasons. */
    public void deadLettered(String topic, String reason) {
        counters.computeIfAbsent("d|" + topic + "|" + reason,
                k -> registry.counter(DEAD_LETTERED, "topic", topic, "reason", reason)).increment();
    }

    /** A record of a known type this consumer does not handle, acknowledged without processing. */
    public void skipped(String topic, String type) {
        // Only the system's own types get here (others are dead-lettered): the tag values stay bounded.
        String tag = EventTypes.CLASSES.containsKey(type) ? type : "other";
        counters.computeIfAbsent("s|" + topic + "|" + tag,
                k -> registry.counter(SKIPPED, "topic", topic, "reason", "ignored-type", "type", tag)).increment();
    }

    /** How many records of {@code topic} were dead-lettered for {@code reason} (0 before the first). */
    public double deadLetteredCount(String topic, String reason) {
        Counter counter = registry.find(DEAD_LETTERED).tag("topic", topic).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** How many records of {@code topic} were skipped (0 before the first). */
    public double skippedCount(String topic) {
        return registry.find(SKIPPED).tag("topic", topic).counters().stream().mapToDouble(Counter::count).sum();
    }
}
