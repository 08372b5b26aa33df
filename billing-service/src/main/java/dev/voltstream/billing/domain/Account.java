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
import java.util.Optional;

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

    /** The account, if it was ever seen. */
    public static Optional<Account> byId(String accountId) {
        return findByIdOptional(accountId);
    }

}
