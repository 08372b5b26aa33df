package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * An event to publish, written in the same transaction as the state change it announces and deleted once the broker
 * acknowledged it: every row in the table is still to be published (the topics are the record of what was).
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    public String eventId;
    public String topic;
    @Column(name = "record_key")
    public String key;
    public String type;
    public String payload;
    public Instant createdAt;

    /**
     * The oldest events, locked so that a second relay (another instance) skips them instead of publishing them
     * twice.
     */
    @SuppressWarnings("unchecked")
    public static List<OutboxEvent> lockOldest(int limit) {
        return getEntityManager().createNativeQuery("select * from {h-schema}outbox_event"
                        + " order by seq limit ?1 for update skip locked", OutboxEvent.class)
                .setParameter(1, limit).getResultList();
    }

    /**
     * Deletes the published rows {@code seqs} (one DELETE: cheaper for PostgreSQL than updating them, which rewrote
     * each row with its payload and added index entries).
     */
    public static void deletePublished(List<Long> seqs) {
        delete("seq in ?1", seqs);
    }

    public static long pendingCount() {
        return count();
    }

    /** Creation time of the oldest unpublished event, or null when all are published. */
    public static Instant oldestPendingCreatedAt() {
        return getEntityManager().createQuery("select min(o.createdAt) from OutboxEvent o", Instant.class)
                .getSingleResult();
    }
}
