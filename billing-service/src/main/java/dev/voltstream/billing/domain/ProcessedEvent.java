package dev.voltstream.billing.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An event this service has consumed, recorded in the same transaction as its effect: the idempotent consumer's memory.
 */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "processed_at")
    public Instant processedAt;

    /**
     * Records the event id unless it is already there. Returns false for a redelivery. A concurrent insert of the
     * same id waits for the other transaction and then sees the conflict, so exactly one of them wins.
     */
    public static boolean markProcessed(String eventId, String eventType, Instant now) {
        int inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO {h-schema}processed_event (event_id, event_type, processed_at)
                        VALUES (:id, :type, :at) ON CONFLICT (event_id) DO NOTHING""")
                .setParameter("id", eventId)
                .setParameter("type", eventType)
                .setParameter("at", now)
                .executeUpdate();
        return inserted == 1;
    }
}
