package dev.voltstream.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A stored notification; unique per (source event id, kind, account). */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {
    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    /** From {@code notification_id_seq} (increment 50; {@link NotificationTable} takes one value per row). */
    @Id
    @SequenceGenerator(name = "notification_id", sequenceName = "notification_id_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "notification_id")
    public Long id;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationKind kind;

    @Column(name = "source_event_id", nullable = false)
    public String sourceEventId;

    @Column(name = "subject_id")
    public String subjectId;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String message;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** One page of notifications, newest first; all accounts when accountId is null. */
    public static List<Notification> newestFirst(String accountId, int page, int size) {
        var query = accountId == null ? findAll(NEWEST_FIRST) : find("accountId", NEWEST_FIRST, accountId);
        return query.page(Page.of(page, size)).list();
    }

    /** How many notifications there are (for one account when accountId is not null). */
    public static long countFor(String accountId) {
        return accountId == null ? count() : count("accountId", accountId);
    }
}
