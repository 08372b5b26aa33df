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

    /** Which of {@code accountIds} are blocked (one query, one plan whatever their number). */
    @SuppressWarnings("unchecked")
    public static Set<String> blockedAmong(Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<String>(getEntityManager().createNativeQuery(
                        "select account_id from {h-schema}blocked_account where account_id = any(cast(:ids as text[]))",
                        String.class)
                .setParameter("ids", TextArray.literal(accountIds))
                .getResultList());
    }
}
