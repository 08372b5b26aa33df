package dev.voltstream.billing.service;

import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.EntryType;
import dev.voltstream.billing.domain.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.util.List;

/** Checks the ledger invariants in the database itself, so the answer does not depend on what is cached. */
@ApplicationScoped
public class ConsistencyCheck {
    /** Listing every broken account would be no more useful than the first hundred. */
    static final int MAX_REPORTED = 100;

    private final EntityManager em;

    public ConsistencyCheck(EntityManager em) {
        this.em = em;
    }

    /** Compares every balance with its ledger sum and every payment posting with zero. */
    @Transactional
    public ConsistencyReport run() {
        List<ConsistencyReport.Mismatch> mismatches = rows("""
                SELECT a.account_id, a.balance, COALESCE(l.total, 0)
                FROM {h-schema}account a
                LEFT JOIN (SELECT account_id, SUM(amount) AS total FROM {h-schema}ledger_entry GROUP BY account_id) l
                  ON l.account_id = a.account_id
                WHERE a.balance <> COALESCE(l.total, 0)
                ORDER BY a.account_id""").stream()
                .map(r -> new ConsistencyReport.Mismatch((String) r[0], decimal(r[1]), decimal(r[2])))
                .toList();
        List<ConsistencyReport.UnbalancedPosting> unbalanced = rows("""
                SELECT posting_id, SUM(amount) FROM {h-schema}ledger_entry
                WHERE entry_type <> '%s'
                GROUP BY posting_id HAVING SUM(amount) <> 0
                ORDER BY posting_id""".formatted(EntryType.OPENING.name())).stream()
                .map(r -> new ConsistencyReport.UnbalancedPosting((String) r[0], decimal(r[1])))
                .toList();
        BigDecimal total = (BigDecimal) em.createQuery("select coalesce(sum(a.balance), 0) from Account a")
                .getSingleResult();
        return new ConsistencyReport(mismatches.isEmpty() && unbalanced.isEmpty(), Account.count(),
                LedgerEntry.count(), Money.of(total), mismatches, unbalanced);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
        return em.createNativeQuery(sql).setMaxResults(MAX_REPORTED).getResultList();
    }

    private static BigDecimal decimal(Object value) {
        return Money.of(value instanceof BigDecimal d ? d : new BigDecimal(value.toString()));
    }
}
