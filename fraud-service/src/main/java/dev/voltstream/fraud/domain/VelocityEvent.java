package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
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

    /** The entries of {@code accountIds} after {@code from}, oldest first (one query). */
    public static List<VelocityEvent> after(Collection<String> accountIds, Instant from) {
        return list("accountId in ?1 and occurredAt > ?2 order by occurredAt", accountIds, from);
    }
}
