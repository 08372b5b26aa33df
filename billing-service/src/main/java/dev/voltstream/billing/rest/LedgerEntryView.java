package dev.voltstream.billing.rest;

import dev.voltstream.billing.domain.EntryType;
import dev.voltstream.billing.domain.LedgerEntry;

import java.math.BigDecimal;
import java.time.Instant;

/** A ledger entry as the API shows it (amount signed: negative debits the account). */
public record LedgerEntryView(long id, String postingId, String accountId, EntryType entryType, BigDecimal amount,
                              String currency, String description, Instant createdAt) {
    static LedgerEntryView of(LedgerEntry e) {
        return new LedgerEntryView(e.id, e.postingId, e.accountId, e.entryType, e.amount, e.currency, e.description,
                e.createdAt);
    }
}
