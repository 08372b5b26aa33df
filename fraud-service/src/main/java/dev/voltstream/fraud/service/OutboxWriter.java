package dev.voltstream.fraud.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.fraud.domain.OutboxEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Builds outbox rows and inserts a batch of them inside the caller's transaction (in list order, so the identity
 * {@code seq} follows decision order); the relay publishes them after commit.
 */
@ApplicationScoped
public class OutboxWriter {
    private static final String INSERT = "insert into {schema}.outbox_event"
            + " (event_id, topic, record_key, type, payload, created_at) values (?, ?, ?, ?, ?, ?)";

    private final EventCodec codec;
    private final Clock clock;
    private final SchemaJdbc jdbc;

    public OutboxWriter(EventCodec codec, Clock clock, SchemaJdbc jdbc) {
        this.codec = codec;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /** A row to insert (not yet stored); its payload is exactly what will be published. */
    public OutboxEvent row(String topic, String key, String type, Event event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.topic = topic;
        row.key = key;
        row.type = type;
        row.payload = codec.write(event);
        row.createdAt = Instant.now(clock);
        return row;
    }

    /** Inserts {@code rows} in order with one JDBC batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insertAll(List<OutboxEvent> rows) {
        jdbc.batch(INSERT, rows, (statement, row) -> {
            statement.setString(1, row.eventId);
            statement.setString(2, row.topic);
            statement.setString(3, row.key);
            statement.setString(4, row.type);
            statement.setString(5, row.payload);
            statement.setObject(6, row.createdAt.atOffset(ZoneOffset.UTC));
        });
    }
}
