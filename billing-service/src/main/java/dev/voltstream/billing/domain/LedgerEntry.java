package dev.voltstream.billing.domain;

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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One line of the ledger: a signed amount on one account. A posting (same postingId) of a payment has two entries that
 * sum to zero; an opening balance is a single OPENING entry.
 */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "ledger_entry_seq")
    @SequenceGenerator(name = "ledger_entry_seq", sequenceName = "ledger_entry_seq", allocationSize = 50)
    public Long id;

    @Column(name = "posting_id")
    public String postingId;

    @Column(name = "account_id")
    public String accountId;

    @Enumerated(EnumType.STRING)
    @Column(name = "entry_type")
    public EntryType entryType;

    /** Positive credits the account, negative debits it. */
    public BigDecimal amount;

    public String currency;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A new (not yet persisted) entry. */
    public static LedgerEntry of(String postingId, String accountId, EntryType type, BigDecimal amount,
                                 String currency, String description, Instant createdAt) {
        LedgerEntry entry = new LedgerEntry();
        entry.postingId = postingId;
        entry.accountId = accountId;
        entry.entryType = type;
        entry.amount = amount;
        entry.currency = currency;
        entry.description = description;
        entry.createdAt = createdAt;
        return entry;
    }

    /** The account's entries, oldest first. */
    public static List<LedgerEntry> ofAccount(String accountId, int pageIndex, int pageSize) {
        return find("accountId", Sort.by("id"), accountId).page(Page.of(pageIndex, pageSize)).list();
    }

    /** Whether a posting already exists (a payment is applied at most once). */
    public static boolean postingExists(String postingId) {
        return count("postingId", postingId) > 0;
    }
}
