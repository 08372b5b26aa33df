package dev.voltstream.billing.service;

import dev.voltstream.billing.domain.EntryType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A double-entry posting: the payer's account is debited and the payee's credited with the same amount, so the lines
 * of a posting always sum to zero.
 */
public record LedgerPosting(String postingId, String debitAccount, String creditAccount, BigDecimal amount) {

    public LedgerPosting {
        Objects.requireNonNull(postingId, "postingId");
        Objects.requireNonNull(debitAccount, "debitAccount");
        Objects.requireNonNull(creditAccount, "creditAccount");
        Objects.requireNonNull(amount, "amount");
        if (debitAccount.equals(creditAccount)) {
            throw new IllegalArgumentException("a posting moves money between two accounts, got " + debitAccount + " twice");
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a posting amount must be positive: " + amount);
        }
        amount = Money.of(amount);
    }

    /** The lines of the posting, debit first: signed amounts as they change each account's balance. */
    public List<Line> lines() {
        return List.of(new Line(debitAccount, EntryType.DEBIT, amount.negate()),
                new Line(creditAccount, EntryType.CREDIT, amount));
    }

    /** One side of a posting. */
    public record Line(String accountId, EntryType type, BigDecimal signedAmount) {
    }
}
