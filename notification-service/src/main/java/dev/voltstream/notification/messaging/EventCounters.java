package dev.voltstream.notification.messaging;

import dev.voltstream.notification.domain.NotificationKind;
import dev.voltstream.notification.service.EventOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumers' counters, each looked up once and cached (no tag building per record):
 * {@code voltstream_events_skipped_total{reason,topic}}, {@code voltstream_events_rejected_total{topic}} and
 * {@code voltstream_notifications_created_total{kind}}.
 */
@ApplicationScoped
public class EventCounters {
    private final MeterRegistry registry;
    private final Map<String, Counter> skipped = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<NotificationKind, Counter> created = new ConcurrentHashMap<>();

    EventCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A record of a type this service does not know ({@code unknown-type}) or not handle ({@code unhandled-type}). */
    void skipped(String reason, String topic) {
        skipped.computeIfAbsent(reason + '\n' + topic,
                key -> registry.counter("voltstream.events.skipped", "reason", reason, "topic", topic)).increment();
    }

    /** A poison record dead-lettered. */
    void rejected(String topic) {
        rejected.computeIfAbsent(topic, t -> registry.counter("voltstream.events.rejected", "topic", t)).increment();
    }

    /** The notifications a committed batch created. */
    void created(List<EventOutcome> outcomes) {
        for (EventOutcome outcome : outcomes) {
            outcome.notifications().forEach(n -> created.computeIfAbsent(n.kind(),
                    kind -> registry.counter("voltstream.notifications.created", "kind", kind.name())).increment());
        }
    }
}
