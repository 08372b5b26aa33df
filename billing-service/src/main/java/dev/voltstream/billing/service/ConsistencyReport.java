package dev.voltstream.billing.service;

import java.math.BigDecimal;
import java.util.List;

/**
 * The result of checking the ledger: every balance must equal the sum of its account's ledger entries, and every
 * payment posting must sum to zero.
 */
public record ConsistencyReport(boolean consistent, long accounts, long ledgerEntries, BigDecimal totalBalance,
                                List<Mismatch> mismatches, List<UnbalancedPosting> unbalancedPostings) {

    /** An account whose balance differs from its ledger sum. */
    public record Mismatch(String accountId, BigDecimal balance, BigDecimal ledgerSum) {
    }

    /** A payment posting whose lines do not sum to zero. */
    public record UnbalancedPosting(String postingId, BigDecimal sum) {
    }
}
