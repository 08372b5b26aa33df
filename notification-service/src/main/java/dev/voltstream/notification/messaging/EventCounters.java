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
 * {@code voltstream_notifications_created_total{kind}}, each counter looked up once and cached. Dead-lettered and
 * skipped records are counted by the kit's {@code ConsumerMetrics}.
 */
@ApplicationScoped
public class EventCounters {
    private final MeterRegistry registry;
    private final Map<NotificationKind, Counter> created = new ConcurrentHashMap<>();

    EventCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The notifications a committed batch created. */
    void created(List<EventOutcome> outcomes) {
        for (EventOutcome outcome : outcomes) {
            outcome.notifications().forEach(n -> created.computeIfAbsent(n.kind(),
                    kind -> registry.counter("voltstream.notifications.created", "kind", kind.name())).increment());
        }
    }
}
