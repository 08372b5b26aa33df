package dev.voltstream.billing.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * An event waiting to be published: written in the same transaction as the business rows, sent by the relay in id
 * order, deleted once the broker acknowledged it (the topics are the record of what was published).
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "outbox_event_seq")
    @SequenceGenerator(name = "outbox_event_seq", sequenceName = "outbox_event_seq", allocationSize = 50)
    public Long id;

    /** Deterministic, so a re-publish after a crash is a recognisable duplicate. */
    @Column(name = "event_id")
    public String eventId;

    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    /** CloudEvents type. */
    public String type;

    /** The event as JSON, exactly as it goes on the wire. */
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    /** The oldest rows (all of them wait to be published), in the order they were written. */
    public static List<OutboxEvent> oldest(int limit) {
        return findAll(Sort.by("id")).page(Page.ofSize(limit)).list();
    }

    /** How many rows wait for the relay. */
    public static long backlog() {
        return count();
    }

    /**
     * Deletes rows the broker acknowledged (one DELETE: cheaper for PostgreSQL than updating them, which rewrote each
     * row with its payload and added index entries).
     */
    public static long deletePublished(List<Long> ids) {
        return ids.isEmpty() ? 0 : delete("id in ?1", ids);
    }
}
