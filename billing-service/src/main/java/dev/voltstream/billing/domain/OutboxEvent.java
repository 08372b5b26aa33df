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
 * An event waiting to be published (or already published): written in the same transaction as the business rows, sent
 * by the relay in id order, marked published once the broker acknowledged it.
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

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The oldest unpublished rows, in the order they were written. */
    public static List<OutboxEvent> unpublished(int limit) {
        return find("publishedAt is null", Sort.by("id")).page(Page.ofSize(limit)).list();
    }

    /** How many rows wait for the relay. */
    public static long backlog() {
        return count("publishedAt is null");
    }

    /** Marks rows published (after the broker acknowledged them). */
    public static int markPublished(List<Long> ids, Instant at) {
        return ids.isEmpty() ? 0 : update("publishedAt = ?1 where id in ?2", at, ids);
    }
}
