package dev.voltstream.fraud.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** An account whose transactions are declined (compliance rule ACCOUNT_BLOCKED) until it is unblocked. */
@Entity
@Table(name = "blocked_account")
public class BlockedAccount extends PanacheEntityBase {
    @Id
    public String accountId;
    public String reason;
    public Instant blockedAt;

    /** Which of {@code accountIds} are blocked (one query). */
    public static Set<String> blockedAmong(Collection<String> accountIds) {
        return new HashSet<>(getEntityManager().createQuery(
                        "select b.accountId from BlockedAccount b where b.accountId in ?1", String.class)
                .setParameter(1, accountIds).getResultList());
    }
}
