package dev.voltstream.billing.service;

import dev.voltstream.billing.config.BillingConfig;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.AccountKind;
import dev.voltstream.billing.domain.EntryType;
import dev.voltstream.billing.domain.LedgerEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Opens accounts at first sight. The opening balance is written as an OPENING ledger entry in the same transaction,
 * so an account's balance equals the sum of its ledger entries from the first moment it exists.
 */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class);

    private final BillingConfig config;

    public AccountService(BillingConfig config) {
        this.config = config;
    }

    /** Opens a customer account with the configured opening balance unless it exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void openAtFirstSight(String accountId, Instant now) {
        open(accountId, AccountKind.CUSTOMER, Money.of(config.openingBalance()), now);
    }

    /** Opens the platform's account (balance zero) unless it exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void openPlatformAccount(Instant now) {
        open(config.platformAccount(), AccountKind.PLATFORM, Money.of(BigDecimal.ZERO), now);
    }

    /** The id of the account that receives payments. */
    public String platformAccountId() {
        return config.platformAccount();
    }

    private void open(String accountId, AccountKind kind, BigDecimal openingBalance, Instant now) {
        if (!Account.openIfAbsent(accountId, kind, openingBalance, config.currency(), now)) {
            return;
        }
        LedgerEntry opening = new LedgerEntry();
        opening.postingId = EventIds.openingPostingId(accountId);
        opening.accountId = accountId;
        opening.entryType = EntryType.OPENING;
        opening.amount = openingBalance;
        opening.currency = config.currency();
        opening.description = "opening balance";
        opening.createdAt = now;
        opening.persist();
        LOG.infof("account opened: accountId=%s kind=%s openingBalance=%s", accountId, kind, openingBalance);
    }
}
