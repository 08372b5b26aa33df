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

/**
 * Applies APPROVED verdicts to the ledger exactly once per transaction: one double-entry posting (debit the account,
 * credit the platform), the two balances, the processed-event row and the BalanceChanged outbox row commit together.
 */
@ApplicationScoped
public class PaymentService {
    /** BalanceChanged.cause of a payment. */
    public static final String CAUSE_TRANSACTION = "TRANSACTION";
    private static final Logger LOG = Logger.getLogger(PaymentService.class);

    private final AccountService accounts;
    private final OutboxWriter outbox;

    public PaymentService(AccountService accounts, OutboxWriter outbox) {
        this.accounts = accounts;
        this.outbox = outbox;
    }

    /** Posts an approved payment; a declined verdict is only remembered as processed. */
    @Transactional
    public Outcome apply(TransactionVerdict verdict) {
        Transaction tx = validate(verdict);
        Instant now = Instant.now();
        if (!ProcessedEvent.markProcessed(verdict.eventId(), EventTypes.TRANSACTION_VERDICT, now)) {
            return Outcome.DUPLICATE;
        }
        if (verdict.verdict() == Verdict.DECLINED || tx.amount().signum() == 0) {
            return Outcome.IGNORED;
        }
        LedgerPosting posting = new LedgerPosting(EventIds.postingId(tx.transactionId()), tx.accountId(),
                accounts.platformAccountId(), tx.amount());
        // a second verdict event for the same transaction (a re-emitted verdict with a new id) must not pay twice
        if (LedgerEntry.postingExists(posting.postingId())) {
            return Outcome.DUPLICATE;
        }
        accounts.openAtFirstSight(tx.accountId(), now);
        accounts.openPlatformAccount(now);
        // lock payer before platform, always in this order, so concurrent postings cannot deadlock
        Account payer = Account.lockedById(posting.debitAccount()).orElseThrow();
        Account payee = Account.lockedById(posting.creditAccount()).orElseThrow();
        for (LedgerPosting.Line line : posting.lines()) {
            Account account = line.accountId().equals(payer.accountId) ? payer : payee;
            record(posting, line, account, tx, now);
        }
        outbox.append(Topics.ACCOUNT_UPDATES, payer.accountId, EventTypes.BALANCE_CHANGED,
                new BalanceChanged(EventIds.balanceChangedEventId(tx.transactionId()), payer.accountId,
                        posting.amount().negate(), payer.balance, payer.currency, CAUSE_TRANSACTION,
                        tx.transactionId(), now));
        LOG.infof("payment posted: transactionId=%s accountId=%s amount=%s newBalance=%s",
                tx.transactionId(), payer.accountId, posting.amount(), payer.balance);
        return Outcome.APPLIED;
    }

    private static void record(LedgerPosting posting, LedgerPosting.Line line, Account account, Transaction tx,
                               Instant now) {
        LedgerEntry entry = new LedgerEntry();
        entry.postingId = posting.postingId();
        entry.accountId = account.accountId;
        entry.entryType = line.type();
        entry.amount = line.signedAmount();
        entry.currency = account.currency;
        entry.description = tx.type() + " " + tx.transactionId();
        entry.createdAt = now;
        entry.persist();
        account.balance = Money.of(account.balance.add(line.signedAmount()));
        account.updatedAt = now;
    }

    private Transaction validate(TransactionVerdict verdict) {
        Validation.requireId(verdict.eventId(), "eventId");
        Validation.requireId(verdict.transactionId(), "transactionId");
        Validation.requireId(verdict.accountId(), "accountId");
        if (verdict.verdict() == null) {
            throw new InvalidEventException("verdict is missing");
        }
        Transaction tx = verdict.transaction();
        if (tx == null) {
            throw new InvalidEventException("verdict " + verdict.eventId() + " carries no transaction");
        }
        if (!verdict.transactionId().equals(tx.transactionId()) || !verdict.accountId().equals(tx.accountId())) {
            throw new InvalidEventException("verdict " + verdict.eventId() + " does not match its transaction");
        }
        BigDecimal amount = tx.amount();
        if (amount == null || amount.signum() < 0 || amount.stripTrailingZeros().scale() > Money.SCALE) {
            throw new InvalidEventException("transaction amount must be non-negative with at most two decimals: " + amount);
        }
        if (tx.accountId().equals(accounts.platformAccountId())) {
            throw new InvalidEventException("the platform account cannot pay itself: " + tx.transactionId());
        }
        return tx;
    }
}
