package dev.voltstream.billing.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** An account and its balance. The balance always equals the sum of the account's ledger entries. */
@Entity
@Table(name = "account")
public class Account extends PanacheEntityBase {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Enumerated(EnumType.STRING)
    public AccountKind kind;

    public BigDecimal balance;

    public String currency;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /**
     * Inserts the account unless it exists. Returns true when this call opened it. Two transactions opening the same
     * account concurrently cannot both win: the second waits for the first and then sees the conflict.
     */
    public static boolean openIfAbsent(String accountId, AccountKind kind, BigDecimal openingBalance, String currency,
                                       Instant now) {
        int inserted = getEntityManager().createNativeQuery("""
                        INSERT INTO {h-schema}account (account_id, kind, balance, currency, opened_at, updated_at)
                        VALUES (:id, :kind, :balance, :currency, :at, :at) ON CONFLICT (account_id) DO NOTHING""")
                .setParameter("id", accountId)
                .setParameter("kind", kind.name())
                .setParameter("balance", openingBalance)
                .setParameter("currency", currency)
                .setParameter("at", now)
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Opens every account of the set that does not exist yet, in one statement: customers with
     * {@code customerOpening}, the platform account with zero. Ids never contain a comma ({@code Validation}), so the
     * set travels as one text parameter. Returns the ids this call opened (each needs its OPENING ledger entry).
     */
    @SuppressWarnings("unchecked")
    public static List<String> openAllIfAbsent(Collection<String> accountIds, String platformId,
                                               BigDecimal customerOpening, String currency, Instant now) {
        if (accountIds.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createNativeQuery("""
                        INSERT INTO {h-schema}account (account_id, kind, balance, currency, opened_at, updated_at)
                        SELECT id, CASE WHEN id = :platform THEN 'PLATFORM' ELSE 'CUSTOMER' END,
                               CASE WHEN id = :platform THEN 0 ELSE :opening END, :currency, :at, :at
                        FROM unnest(string_to_array(cast(:ids AS text), ',')) AS id
                        ORDER BY id
                        ON CONFLICT (account_id) DO NOTHING
                        RETURNING account_id""")
                .setParameter("ids", String.join(",", new TreeSet<>(accountIds)))
                .setParameter("platform", platformId)
                .setParameter("opening", customerOpening)
                .setParameter("currency", currency)
                .setParameter("at", now)
                .getResultList();
    }

    /** Adds the amount to the account's balance in one UPDATE (locking its row until the transaction ends). */
    public static void credit(String accountId, BigDecimal amount, Instant now) {
        if (update("balance = balance + ?1, updatedAt = ?2 where accountId = ?3", amount, now, accountId) != 1) {
            throw new IllegalStateException("no account " + accountId + " to credit");
        }
    }

    /** The account, if it was ever seen. */
    public static Optional<Account> byId(String accountId) {
        return findByIdOptional(accountId);
    }

}
