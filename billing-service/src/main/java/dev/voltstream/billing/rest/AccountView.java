package dev.voltstream.billing.rest;

import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.AccountKind;

import java.math.BigDecimal;
import java.time.Instant;

/** An account as the API shows it. */
public record AccountView(String accountId, AccountKind kind, BigDecimal balance, String currency, Instant openedAt,
                          Instant updatedAt) {
    static AccountView of(Account a) {
        return new AccountView(a.accountId, a.kind, a.balance, a.currency, a.openedAt, a.updatedAt);
    }
}
