package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The times of {@code accountIds}' entries after {@code from}, oldest first, by account (one query; plain values,
     * not managed entities, so they cost nothing at flush).
     */
    public static Map<String, List<Instant>> timesAfter(Collection<String> accountIds, Instant from) {
        Map<String, List<Instant>> times = new HashMap<>();
        getEntityManager().createQuery("select v.accountId, v.occurredAt from VelocityEvent v"
                        + " where v.accountId in ?1 and v.occurredAt > ?2 order by v.occurredAt", Object[].class)
                .setParameter(1, accountIds).setParameter(2, from).getResultList()
                .forEach(row -> times.computeIfAbsent((String) row[0], a -> new ArrayList<>()).add((Instant) row[1]));
        return times;
    }
}
