package dev.voltstream.kit.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The idempotent consumer: an event id is recorded in {@code processed_event} in the same transaction as the event's
 * effects, so a redelivered event (a restart, a rebalance to another instance) finds its id and changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {
    private final ServiceSchema schema;
    private final ProcessedEventTable table;

    public ProcessedEvents(ServiceSchema schema) {
        this.schema = schema;
        this.table = new ProcessedEventTable(schema.name());
    }

    /**
     * Records the events as processed (one statement) and returns the ids that were new; apply only those, and each
     * once (remove an id from the set when applying it, so a second copy later in the same batch is a duplicate too).
     *
     * @param typeByEventId each distinct event id with its CloudEvents type
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> claim(Map<String, String> typeByEventId) {
        Instant now = Instant.now();
        return schema.work(connection -> table.claim(connection, typeByEventId, now));
    }

    /** Records one event as processed; false when it was processed before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String eventId, String type) {
        return !claim(Map.of(eventId, type)).isEmpty();
    }
}
