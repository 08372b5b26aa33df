package dev.voltstream.billing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.billing.domain.OutboxEvent;
import dev.voltstream.contracts.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Appends an event to the outbox inside the caller's transaction, so the event exists exactly when the business rows
 * that caused it do. The relay publishes it later.
 */
@ApplicationScoped
public class OutboxWriter {
    private final ObjectMapper mapper;

    public OutboxWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Serialises the event as it will go on the wire and stores it for the relay. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OutboxEvent append(String topic, String key, String cloudEventType, Event event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.messageKey = key;
        row.type = cloudEventType;
        row.payload = toJson(event);
        row.createdAt = Instant.now();
        row.persist();
        return row;
    }

    private String toJson(Event event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }
}
