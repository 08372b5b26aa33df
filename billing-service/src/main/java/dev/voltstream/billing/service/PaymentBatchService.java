package dev.voltstream.billing.service;

import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.domain.ProcessedEvent;
import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a batch of (valid) verdicts to the ledger in one database transaction, with the same result as applying
 * them one by one in record order: an APPROVED verdict becomes one double-entry posting (debit the account, credit
 * the platform) exactly once per transaction id, a DECLINED one is only remembered as processed.
 * <p>
 * The work is a handful of statements whatever the batch size: which event ids were processed and which postings
 * exist (one query each), the unknown accounts opened in one insert with their OPENING entries, the payers locked
 * once in id order, postings decided in memory, then processed events, ledger entries and outbox rows inserted as JDBC
 * batches and each touched balance updated once; the platform is credited once per batch, last (one CREDIT line per
 * posting all the same, so every balance stays the sum of its ledger).
 */
@ApplicationScoped
public class PaymentBatchService {
    /** BalanceChanged.cause of a payment. */
    public static final String CAUSE_TRANSACTION = "TRANSACTION";
    private static final Logger LOG = Logger.getLogger(PaymentBatchService.class);

    private final AccountService accounts;
    private final OutboxWriter outbox;

    public PaymentBatchService(AccountService accounts, OutboxWriter outbox) {
        this.accounts = accounts;
        this.outbox = outbox;
    }

    /** Posts the batch; returns each verdict's outcome, in the order given. */
    @Transactional
    public List<Outcome> post(List<TransactionVerdict> verdicts) {
        Instant now = Instant.now();
        List<Outcome> outcomes = new ArrayList<>(verdicts.size());
        List<ProcessedEvent> processed = new ArrayList<>();
        Map<Integer, LedgerPosting> postings = new LinkedHashMap<>();
        decide(verdicts, now, outcomes, processed, postings);
        ProcessedEvent.persist(processed);
        if (!postings.isEmpty()) {
            apply(verdicts, postings, now);
        }
        return outcomes;
    }

    /** Decides each verdict in record order; fills the outcomes, the processed events and the postings to make. */
    private void decide(List<TransactionVerdict> verdicts, Instant now, List<Outcome> outcomes,
                        List<ProcessedEvent> processed, Map<Integer, LedgerPosting> postings) {
        Set<String> seenEvents = new HashSet<>(ProcessedEvent.processedAmong(
                verdicts.stream().map(TransactionVerdict::eventId).collect(Collectors.toSet())));
        Set<String> postingIds = new HashSet<>();
        for (TransactionVerdict verdict : verdicts) {
            if (verdict.verdict() == Verdict.APPROVED && verdict.transaction().amount().signum() > 0) {
                postingIds.add(EventIds.postingId(verdict.transactionId()));
            }
        }
        // a second verdict event for the same transaction (a re-emitted verdict with a new id) must not pay twice
        Set<String> posted = new HashSet<>(LedgerEntry.existingPostings(postingIds));
        for (int i = 0; i < verdicts.size(); i++) {
            TransactionVerdict verdict = verdicts.get(i);
            if (!seenEvents.add(verdict.eventId())) {
                outcomes.add(Outcome.DUPLICATE);
                continue;
            }
            processed.add(ProcessedEvent.of(verdict.eventId(), EventTypes.TRANSACTION_VERDICT, now));
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
        Map<String, Account> locked = Account.lockedByIds(payers);

        List<LedgerEntry> entries = new ArrayList<>(postings.size() * 2);
        List<BalanceChanged> announcements = new ArrayList<>(postings.size());
        BigDecimal platformCredit = BigDecimal.ZERO;
        for (Map.Entry<Integer, LedgerPosting> e : postings.entrySet()) {
            LedgerPosting posting = e.getValue();
            Transaction tx = verdicts.get(e.getKey()).transaction();
            Account payer = locked.get(posting.debitAccount());
            String description = tx.type() + " " + tx.transactionId();
            for (LedgerPosting.Line line : posting.lines()) {
                entries.add(LedgerEntry.of(posting.postingId(), line.accountId(), line.type(), line.signedAmount(),
                        payer.currency, description, now));
            }
            payer.balance = Money.of(payer.balance.subtract(posting.amount()));
            platformCredit = platformCredit.add(posting.amount());
            announcements.add(new BalanceChanged(EventIds.balanceChangedEventId(tx.transactionId()), payer.accountId,
                    posting.amount().negate(), payer.balance, payer.currency, CAUSE_TRANSACTION, tx.transactionId(),
                    now));
            LOG.debugf("payment posted: transactionId=%s accountId=%s amount=%s newBalance=%s",
                    tx.transactionId(), payer.accountId, posting.amount(), payer.balance);
        }
        // the payers are managed entities: each changed balance is written once, by one UPDATE at flush
        for (Account payer : locked.values()) {
            payer.updatedAt = now;
        }
        LedgerEntry.persist(entries);
        for (BalanceChanged changed : announcements) {
            outbox.append(Topics.ACCOUNT_UPDATES, changed.accountId(), EventTypes.BALANCE_CHANGED, changed);
        }
        // Every batch credits the platform: its row lock is taken last (after the payers, in every transaction, so no
        // deadlock) and after the inserts went out, so the other consumer copy waits for it only until this commit.
        Account.getEntityManager().flush();
        Account.credit(accounts.platformAccountId(), platformCredit, now);
    }
}
