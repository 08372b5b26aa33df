package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One recent transaction of an account, for the velocity rule's sliding window. */
@Entity
@Table(name = "velocity_event")
public class VelocityEvent extends PanacheEntityBase {
    @Id
    public String transactionId;
    public String accountId;
    public Instant occurredAt;

    public static VelocityEvent of(String transactionId, String accountId, Instant occurredAt) {
        VelocityEvent e = new VelocityEvent();
        e.transactionId = transactionId;
        e.accountId = accountId;
        e.occurredAt = occurredAt;
        return e;
    }

    /** Times of the account's transactions after {@code from}, oldest first. */
    public static List<Instant> timesAfter(String accountId, Instant from) {
        return getEntityManager().createQuery("select v.occurredAt from VelocityEvent v"
                        + " where v.accountId = ?1 and v.occurredAt > ?2 order by v.occurredAt", Instant.class)
                .setParameter(1, accountId).setParameter(2, from).getResultList();
    }

    /** Drops the account's entries at or before {@code until}: they can never be inside a window again. */
    public static long pruneUntil(String accountId, Instant until) {
        return delete("accountId = ?1 and occurredAt <= ?2", accountId, until);
    }
}
