package dev.voltstream.billing.service;

import dev.voltstream.billing.config.BillingConfig;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.AccountKind;
import dev.voltstream.billing.domain.EntryType;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.domain.PaymentStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens accounts at first sight. The opening balance is written as an OPENING ledger entry in the same transaction,
 * so an account's balance equals the sum of its ledger entries from the first moment it exists.
 */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final BillingConfig config;
    private final PaymentStatements statements;

    public AccountService(BillingConfig config, PaymentStatements statements) {
        this.config = config;
        this.statements = statements;
    }

    /** Opens a customer account with the configured opening balance unless it exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void openAtFirstSight(String accountId, Instant now) {
        if (Account.openIfAbsent(accountId, AccountKind.CUSTOMER, openingBalance(), config.currency(), now)) {
            openingEntry(accountId, openingBalance(), now).persist();
            LOG.debugf("account opened: accountId=%s openingBalance=%s", accountId, openingBalance());
        }
    }

    /**
     * Opens, in one statement, every customer account of the set that does not exist yet, and the platform account
     * if it does not; persists the OPENING entry of each account this call opened. Returns how many it opened.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int openAllAtFirstSight(Collection<String> customerIds, Instant now) {
        Set<String> ids = new HashSet<>(customerIds);
        ids.add(platformAccountId());
        List<String> opened = statements.openAbsent(ids, platformAccountId(), openingBalance(), config.currency(), now);
        for (String accountId : opened) {
            BigDecimal balance = accountId.equals(platformAccountId()) ? Money.of(BigDecimal.ZERO) : openingBalance();
            openingEntry(accountId, balance, now).persist();
        }
        if (!opened.isEmpty()) {
            LOG.debugf("accounts opened: %d", opened.size());
        }
        return opened.size();
    }

    /** The id of the account that receives payments. */
    public String platformAccountId() {
        return config.platformAccount();
    }

    private BigDecimal openingBalance() {
        return Money.of(config.openingBalance());
    }

    private LedgerEntry openingEntry(String accountId, BigDecimal balance, Instant now) {
        return LedgerEntry.of(EventIds.openingPostingId(accountId), accountId, EntryType.OPENING, balance,
                config.currency(), "opening balance", now);
    }
}
