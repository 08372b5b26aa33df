package dev.voltstream.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A consumed event id: recorded in the same transaction as its effects, so redelivery changes nothing. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {
    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;

    /**
     * Records the event as processed; false when it already was. Uses INSERT .. ON CONFLICT DO NOTHING so a concurrent
     * duplicate waits for the first transaction and then reports false instead of failing on the primary key.
     * {@code {h-schema}} is Hibernate's placeholder for the default schema, which native SQL does not get otherwise.
     * Must run inside a transaction.
     */
    public static boolean markProcessed(String eventId, String topic) {
        int inserted = getEntityManager()
                .createNativeQuery("insert into {h-schema}processed_event (event_id, topic, processed_at)"
                        + " values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, eventId)
                .setParameter(2, topic)
                .setParameter(3, Instant.now())
                .executeUpdate();
        return inserted == 1;
    }
}
