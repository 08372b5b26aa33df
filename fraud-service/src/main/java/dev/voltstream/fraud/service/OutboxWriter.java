package dev.voltstream.fraud.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.fraud.domain.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/** Adds an event to the outbox inside the caller's transaction; the relay publishes it after commit. */
@ApplicationScoped
public class OutboxWriter {
    private final EventCodec codec;
    private final Clock clock;

    public OutboxWriter(EventCodec codec, Clock clock) {
        this.codec = codec;
        this.clock = clock;
    }

    /** The serialised payload, so the caller can store exactly what will be published. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String add(String topic, String key, String type, Event event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.key = key;
        row.type = type;
        row.payload = codec.write(event);
        row.createdAt = Instant.now(clock);
        row.persist();
        return row.payload;
    }
}
