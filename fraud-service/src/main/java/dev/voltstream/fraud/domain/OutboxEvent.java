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

/** An event to publish, written in the same transaction as the state change it announces. */
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
    public Instant publishedAt;

    /**
     * The oldest unpublished events, locked so that a second relay (another instance) skips them instead of
     * publishing them twice.
     */
    @SuppressWarnings("unchecked")
    public static List<OutboxEvent> lockUnpublished(int limit) {
        return getEntityManager().createNativeQuery("select * from {h-schema}outbox_event where published_at is null"
                        + " order by seq limit ?1 for update skip locked", OutboxEvent.class)
                .setParameter(1, limit).getResultList();
    }

    /** Marks the rows {@code seqs} published at {@code at} (one UPDATE). */
    public static void markPublished(List<Long> seqs, Instant at) {
        update("publishedAt = ?1 where seq in ?2", at, seqs);
    }

    public static long pendingCount() {
        return count("publishedAt is null");
    }

    /** Creation time of the oldest unpublished event, or null when all are published. */
    public static Instant oldestPendingCreatedAt() {
        return getEntityManager().createQuery("select min(o.createdAt) from OutboxEvent o where o.publishedAt is null",
                Instant.class).getSingleResult();
    }
}
