package dev.voltstream.billing.messaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.billing.service.InvalidEventException;
import dev.voltstream.billing.service.Outcome;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Runs one incoming message through its route: unknown types are counted and acknowledged (never a crash loop),
 * unreadable or invalid records are nacked so the connector's dead-letter strategy moves them to {@code <topic>.dlq},
 * and the effect itself is retried a few times when it fails for another reason (a lost race on a unique key, a
 * database hiccup) before the record is given up as poison.
 */
@ApplicationScoped
public class EventDispatcher {
    /** Micrometer name of the skipped-events counter (Prometheus: voltstream_events_skipped_total). */
    public static final String SKIPPED = "voltstream.events.skipped";
    /** Micrometer name of the consumed-events counter, tagged with the outcome. */
    public static final String CONSUMED = "voltstream.events.consumed";
    private static final Logger LOG = Logger.getLogger(EventDispatcher.class);

    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final RetryPolicy retry;

    public EventDispatcher(ObjectMapper mapper, MeterRegistry registry, RetryPolicy retry) {
        this.mapper = mapper;
        this.registry = registry;
        this.retry = retry;
    }

    /** Applies the route matching the message's type and settles the message (ack, or nack to dead-letter). */
    public CompletionStage<Void> dispatch(Message<String> message, String topic, List<Route<?>> routes) {
        Optional<String> type = CloudEventType.of(message);
        if (type.isEmpty()) {
            return poison(message, topic, "record has no " + CloudEventType.HEADER + " header", null);
        }
        Route<?> route = routes.stream().filter(r -> r.type().equals(type.get())).findFirst().orElse(null);
        if (route == null || route.ignored()) {
            String reason = route == null ? "unknown-type" : "ignored-type";
            registry.counter(SKIPPED, "reason", reason, "topic", topic, "type", limit(type.get())).increment();
            LOG.debugf("skipped record: topic=%s type=%s reason=%s", topic, type.get(), reason);
            return message.ack();
        }
        return handle(message, topic, route);
    }

    private <T extends Event> CompletionStage<Void> handle(Message<String> message, String topic, Route<T> route) {
        T event;
        try {
            event = read(message.getPayload(), route.eventClass());
        } catch (PoisonRecordException e) {
            return poison(message, topic, e.getMessage(), e);
        }
        try {
            Outcome outcome = retry.run(() -> route.handler().apply(event), InvalidEventException.class);
            registry.counter(CONSUMED, "topic", topic, "outcome", outcome.name().toLowerCase()).increment();
            return message.ack();
        } catch (InvalidEventException e) {
            return poison(message, topic, e.getMessage(), e);
        } catch (RuntimeException e) {
            // Not a bad record: the database or the service failed (e.g. while shutting down). Dead-lettering would
            // lose the effect, so the record stays unacknowledged: its offset is not committed, readiness turns DOWN
            // once it is overdue, and a restarted service gets it again (the processed_event row makes that safe).
            registry.counter(CONSUMED, "topic", topic, "outcome", "left-for-redelivery").increment();
            LOG.errorf(e, "cannot process a record of %s; leaving it uncommitted for redelivery", topic);
            return new java.util.concurrent.CompletableFuture<>();
        }
    }

    private <T extends Event> T read(String payload, Class<T> eventClass) {
        if (payload == null || payload.isBlank()) {
            throw new PoisonRecordException("empty payload for " + eventClass.getSimpleName(), null);
        }
        try {
            return mapper.readValue(payload, eventClass);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new PoisonRecordException("cannot read " + eventClass.getSimpleName() + ": " + describe(e), e);
        }
    }

    private CompletionStage<Void> poison(Message<String> message, String topic, String reason, Throwable cause) {
        registry.counter(CONSUMED, "topic", topic, "outcome", "dead-lettered").increment();
        LOG.warnf("record dead-lettered: topic=%s reason=%s", topic, reason);
        return message.nack(cause instanceof PoisonRecordException || cause instanceof InvalidEventException
                ? cause : new PoisonRecordException(reason, cause));
    }

    private static String describe(Exception e) {
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    }

    /** Keeps a hostile producer from creating unbounded metric tag values. */
    private static String limit(String type) {
        return EventTypes.CLASSES.containsKey(type) ? type : "other";
    }
}
