package dev.voltstream.kit.db;

import dev.voltstream.contracts.Event;
import dev.voltstream.kit.events.EventCodec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Writes events to the outbox inside the caller's transaction, so an event exists exactly when the rows that caused it
 * do; {@link OutboxRelay} publishes them after the commit (call {@link OutboxRelay#wake()} once it committed).
 */
@ApplicationScoped
@IfBuildProperty(name = "voltstream.outbox.enabled", stringValue = "true", enableIfMissing = true)
public class Outbox {
    private final EventCodec codec;
    private final ServiceSchema schema;
    private final OutboxTable table;
    private final Clock clock = Clock.systemUTC();

    public Outbox(EventCodec codec, ServiceSchema schema) {
        this.codec = codec;
        this.schema = schema;
        this.table = new OutboxTable(schema.name());
    }

    /** A row to write (not stored yet); its payload is exactly what will be published. */
    public OutboxEvent event(String topic, String key, String type, Event event) {
        return new OutboxEvent(null, event.eventId(), topic, key, type, codec.write(event), Instant.now(clock));
    }

    /** Writes {@code rows} in order, with one JDBC batch, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(List<OutboxEvent> rows) {
        if (!rows.isEmpty()) {
            schema.work(connection -> {
                table.insert(connection, rows);
                return null;
            });
        }
    }

    /** Writes one event, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void write(String topic, String key, String type, Event event) {
        write(List.of(event(topic, key, type, event)));
    }

    /** The backlog: how many events wait for the relay, and since when the oldest does (its own transaction). */
    public OutboxTable.Pending pending() {
        return QuarkusTransaction.requiringNew().call(() -> schema.work(table::pending));
    }
}
