package dev.voltstream.billing.service;

import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.domain.PaymentStatements;
import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.kit.db.Outbox;
import dev.voltstream.kit.db.OutboxEvent;
import dev.voltstream.kit.db.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch of (valid) verdicts to the ledger in one database transaction, with the same result as applying
 * them one by one in record order: an APPROVED verdict becomes one double-entry posting (debit the account, credit
 * the platform) exactly once per transaction id, a DECLINED one is only remembered as processed.
 * <p>
 * The work is a handful of statements whatever the batch size: the batch's event ids recorded as processed (the
 * insert returns the new ones; the others are duplicates) and the existing postings looked up, the unknown accounts
 * opened in one insert with their OPENING entries, the payers' balances locked in id order, postings decided in
 * memory, then ledger entries and outbox rows inserted as JDBC batches and every touched balance set by one UPDATE;
 * the platform is credited once per batch, last (one CREDIT line per posting all the same, so every balance stays the
 * sum of its ledger).
 */
@ApplicationScoped
public class PaymentBatchService {
    /** BalanceChanged.cause of a payment. */
    public static final String CAUSE_TRANSACTION = "TRANSACTION";
    private static final Logger LOG = Logger.getLogger(PaymentBatchService.class);

    private final AccountService accounts;
    private final Outbox outbox;
    private final PaymentStatements statements;
    private final ProcessedEvents processed;

    public PaymentBatchService(AccountService accounts, Outbox outbox, PaymentStatements statements,
                               ProcessedEvents processed) {
        this.accounts = accounts;
        this.outbox = outbox;
        this.statements = statements;
        this.processed = processed;
    }

    /** Posts the batch; returns each verdict's outcome, in the order given. */
    @Transactional
    public List<Outcome> post(List<TransactionVerdict> verdicts) {
        Instant now = Instant.now();
        List<Outcome> outcomes = new ArrayList<>(verdicts.size());
        Map<Integer, LedgerPosting> postings = new LinkedHashMap<>();
        decide(verdicts, now, outcomes, postings);
        if (!postings.isEmpty()) {
            apply(verdicts, postings, now);
        }
        return outcomes;
    }

    /**
     * Records the batch's events as processed and decides each verdict in record order; fills the outcomes and the
     * postings to make.
     */
    private void decide(List<TransactionVerdict> verdicts, Instant now, List<Outcome> outcomes,
                        Map<Integer, LedgerPosting> postings) {
        Map<String, String> types = new HashMap<>();
        verdicts.forEach(v -> types.put(v.eventId(), EventTypes.TRANSACTION_VERDICT));
        Set<String> newEvents = processed.claim(types);
        Set<String> postingIds = new HashSet<>();
        for (TransactionVerdict verdict : verdicts) {
            if (verdict.verdict() == Verdict.APPROVED && verdict.transaction().amount().signum() > 0) {
                postingIds.add(EventIds.postingId(verdict.transactionId()));
            }
        }
        // a second verdict event for the same transaction (a re-emitted verdict with a new id) must not pay twice
        Set<String> posted = statements.existingPostings(postingIds);
        for (int i = 0; i < verdicts.size(); i++) {
            TransactionVerdict verdict = verdicts.get(i);
            if (!newEvents.remove(verdict.eventId())) { // processed before, or earlier in this batch
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            Transaction tx = verdict.transaction();
            if (verdict.verdict() == Verdict.DECLINED || tx.amount().signum() == 0) {
                outcomes.add(Outcome.IGNORED);
                continue;
            }
            String postingId = EventIds.postingId(tx.transactionId());
            if (!posted.add(postingId)) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            postings.put(i, new LedgerPosting(postingId, tx.accountId(), accounts.platformAccountId(), tx.amount()));
            outcomes.add(Outcome.APPLIED);
        }
    }

    /** Opens and locks the accounts, posts in record order, writes the entries, balances and BalanceChanged rows. */
    private void apply(List<TransactionVerdict> verdicts, Map<Integer, LedgerPosting> postings, Instant now) {
        Set<String> payers = new HashSet<>();
        postings.values().forEach(p -> payers.add(p.debitAccount()));
        accounts.openAllAtFirstSight(payers, now);
        Map<String, PaymentStatements.Balance> locked = statements.lockBalances(payers);

        Map<String, BigDecimal> balances = new HashMap<>();
        List<LedgerEntry> entries = new ArrayList<>(postings.size() * 2);
        List<BalanceChanged> announcements = new ArrayList<>(postings.size());
        BigDecimal platformCredit = BigDecimal.ZERO;
        for (Map.Entry<Integer, LedgerPosting> e : postings.entrySet()) {
            LedgerPosting posting = e.getValue();
            Transaction tx = verdicts.get(e.getKey()).transaction();
            String payerId = posting.debitAccount();
            PaymentStatements.Balance payer = locked.get(payerId);
            String description = tx.type() + " " + tx.transactionId();
            for (LedgerPosting.Line line : posting.lines()) {
                entries.add(LedgerEntry.of(posting.postingId(), line.accountId(), line.type(), line.signedAmount(),
                        payer.currency(), description, now));
            }
            BigDecimal balance = Money.of(balances.getOrDefault(payerId, payer.amount()).subtract(posting.amount()));
            balances.put(payerId, balance);
            platformCredit = platformCredit.add(posting.amount());
            announcements.add(new BalanceChanged(EventIds.balanceChangedEventId(tx.transactionId()), payerId,
                    posting.amount().negate(), balance, payer.currency(), CAUSE_TRANSACTION, tx.transactionId(),
                    now));
            LOG.debugf("payment posted: transactionId=%s accountId=%s amount=%s newBalance=%s",
                    tx.transactionId(), payerId, posting.amount(), balance);
        }
        statements.setBalances(balances, now);
        statements.insertEntries(entries);
        List<OutboxEvent> rows = new ArrayList<>(announcements.size());
        for (BalanceChanged changed : announcements) {
            rows.add(outbox.event(Topics.ACCOUNT_UPDATES, changed.accountId(), EventTypes.BALANCE_CHANGED, changed));
        }
        outbox.write(rows); // one JDBC batch (was one statement per posting)
        // Every batch credits the platform: its row lock is taken last (after the payers, in every transaction, so no
        // deadlock) and after the inserts went out, so the other consumer copy waits for it only until this commit.
        Account.getEntityManager().flush(); // the OPENING entries of accounts opened by this batch
        statements.credit(accounts.platformAccountId(), platformCredit, now);
    }
}
