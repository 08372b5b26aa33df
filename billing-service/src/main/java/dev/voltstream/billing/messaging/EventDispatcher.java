package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.InvalidEventException;
import dev.voltstream.billing.service.Outcome;
import dev.voltstream.contracts.Event;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs one incoming message through its route (the per-record path of charging-sessions): unknown types are counted
 * and acknowledged (never a crash loop), unreadable or invalid records are nacked so the connector's dead-letter
 * strategy moves them to {@code <topic>.dlq}, and the effect itself is retried a few times when it fails for another
 * reason (a lost race on a unique key, a database hiccup) before the record is left unacknowledged for redelivery.
 */
@ApplicationScoped
public class EventDispatcher {
    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);

    private final EventReader reader;
    private final ConsumerMetrics metrics;
    private final RetryPolicy retry;

    public EventDispatcher(EventReader reader, ConsumerMetrics metrics, RetryPolicy retry) {
        this.reader = reader;
        this.metrics = metrics;
        this.retry = retry;
    }

    /** Applies the route matching the message's type and settles the message (ack, or nack to dead-letter). */
    public CompletionStage<Void> dispatch(Message<String> message, String topic, List<Route<?>> routes) {
        Optional<String> type = CloudEventType.of(message);
        if (type.isEmpty()) {
            return poison(message, topic, new PoisonRecordException(CloudEventType.MISSING, null));
        }
        Route<?> route = Route.find(routes, type.get());
        if (route == null || route.ignored()) {
            skip(topic, type.get(), route);
            return message.ack();
        }
        return handle(message, topic, route);
    }

    /** Counts a record whose type is unknown or ignored on purpose. */
    void skip(String topic, String type, Route<?> route) {
        String reason = route == null ? "unknown-type" : "ignored-type";
        metrics.skipped(topic, reason, type);
        LOG.debugf("skipped record: topic=%s type=%s reason=%s", topic, type, reason);
    }

    private <T extends Event> CompletionStage<Void> handle(Message<String> message, String topic, Route<T> route) {
        T event;
        try {
            event = reader.read(message.getPayload(), route.eventClass());
        } catch (PoisonRecordException e) {
            return poison(message, topic, e);
        }
        try {
            Outcome outcome = retry.run(() -> route.handler().apply(event), InvalidEventException.class);
            metrics.consumed(topic, outcome.name().toLowerCase(), 1);
            return message.ack();
        } catch (InvalidEventException e) {
            return poison(message, topic, e);
        } catch (RuntimeException e) {
            // Not a bad record: the database or the service failed (e.g. while shutting down). Dead-lettering would
            // lose the effect, so the record stays unacknowledged: its offset is not committed, readiness turns DOWN
            // once it is overdue, and a restarted service gets it again (the processed_event row makes that safe).
            metrics.consumed(topic, "left-for-redelivery", 1);
            LOG.errorf(e, "cannot process a record of %s; leaving it uncommitted for redelivery", topic);
            return new CompletableFuture<>();
        }
    }

    /** Nacks a record that can never be processed, so the connector dead-letters it with the reason. */
    CompletionStage<Void> poison(Message<String> message, String topic, RuntimeException reason) {
        metrics.consumed(topic, "dead-lettered", 1);
        LOG.warnf("record dead-lettered: topic=%s reason=%s", topic, reason.getMessage());
        return message.nack(reason);
    }
}
