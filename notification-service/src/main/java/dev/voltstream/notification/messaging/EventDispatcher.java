package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.notification.service.EventOutcome;
import dev.voltstream.notification.service.LiveFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Processes one consumed record off the event loop (database work blocks): dispatches on its CloudEvents type, records
 * the event, pushes the result live, then acks. An unknown or unhandled type is counted
 * ({@code voltstream_events_skipped_total{reason}}) and acked. A poison record is nacked at once, which the Kafka
 * connector's dead-letter-queue strategy turns into a record on {@code <topic>.dlq}. Other failures (the database is
 * away) are retried with back-off first, so an outage delays records instead of dead-lettering them.
 */
@ApplicationScoped
public class EventDispatcher {
    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);
    private static final int TRANSIENT_RETRIES = 8;

    private final EventRoutes routes;
    private final EventReader reader;
    private final LiveFeed liveFeed;
    private final MeterRegistry registry;

    EventDispatcher(EventRoutes routes, EventReader reader, LiveFeed liveFeed, MeterRegistry registry) {
        this.routes = routes;
        this.reader = reader;
        this.liveFeed = liveFeed;
        this.registry = registry;
    }

    /** Processes the message and completes once it is acked or nacked. */
    public Uni<Void> dispatch(String topic, Message<String> message) {
        return Uni.createFrom().item(() -> process(topic, message))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(failure -> !(failure instanceof PoisonRecordException)).retry()
                .withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(TRANSIENT_RETRIES)
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        liveFeed.publish(outcome);
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    if (!(failure instanceof PoisonRecordException)) {
                        // Not a bad record: the database or the service failed (e.g. while shutting down).
                        // Dead-lettering would lose the notification, so the record stays unacknowledged: its offset
                        // is not committed and a restarted service gets it again (processed_event dedupes).
                        LOG.errorf(failure, "Cannot process a record of %s; leaving it uncommitted for redelivery",
                                topic);
                        return Uni.createFrom().nothing();
                    }
                    LOG.warnf("Dead-lettering a record of %s: %s", topic, failure.getMessage());
                    registry.counter("voltstream.events.rejected", "topic", topic).increment();
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    private EventOutcome process(String topic, Message<String> message) {
        String type = CloudEventType.of(message)
                .orElseThrow(() -> new PoisonRecordException("no " + CloudEventType.HEADER + " header"));
        Optional<EventRoutes.Route<?>> route = routes.forType(type);
        if (route.isEmpty()) {
            String reason = EventTypes.CLASSES.containsKey(type) ? "unhandled-type" : "unknown-type";
            LOG.infof("Skipping a record of %s with %s %s (%s)", topic, CloudEventType.HEADER, type, reason);
            registry.counter("voltstream.events.skipped", "reason", reason, "topic", topic).increment();
            return EventOutcome.of(List.of());
        }
        EventOutcome outcome = route.get().apply(reader, message.getPayload());
        outcome.notifications().forEach(n ->
                registry.counter("voltstream.notifications.created", "kind", n.kind().name()).increment());
        return outcome;
    }
}
