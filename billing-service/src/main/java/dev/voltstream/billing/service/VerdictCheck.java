package dev.voltstream.billing.service;

import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** Whether a transaction verdict makes sense; one that does not is a poison record, before any database work. */
@ApplicationScoped
public class VerdictCheck {
    private final AccountService accounts;

    public VerdictCheck(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Checks the verdict; throws {@link PoisonRecordException} with the reason when it makes no sense. */
    public TransactionVerdict validate(TransactionVerdict verdict) {
        Validation.requireId(verdict.eventId(), "eventId");
        Validation.requireId(verdict.transactionId(), "transactionId");
        Validation.requireId(verdict.accountId(), "accountId");
        if (verdict.verdict() == null) {
            throw new PoisonRecordException("verdict is missing");
        }
        Transaction tx = verdict.transaction();
        if (tx == null) {
            throw new PoisonRecordException("verdict " + verdict.eventId() + " carries no transaction");
        }
        if (!verdict.transactionId().equals(tx.transactionId()) || !verdict.accountId().equals(tx.accountId())) {
            throw new PoisonRecordException("verdict " + verdict.eventId() + " does not match its transaction");
        }
        BigDecimal amount = tx.amount();
        if (amount == null || amount.signum() < 0 || amount.stripTrailingZeros().scale() > Money.SCALE) {
            throw new PoisonRecordException("transaction amount must be non-negative with at most two decimals: " + amount);
        }
        if (tx.accountId().equals(accounts.platformAccountId())) {
            throw new PoisonRecordException("the platform account cannot pay itself: " + tx.transactionId());
        }
        return verdict;
    }
}
