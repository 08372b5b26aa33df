package dev.voltstream.fraud.service;

import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.BlockedAccount;
import dev.voltstream.fraud.rules.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Loads the rule state of a batch's accounts into an {@link AccountBook} (two set queries) and writes it back. */
@ApplicationScoped
public class AccountHistoryStore {
    private final Thresholds thresholds;
    private final Clock clock;

    public AccountHistoryStore(Thresholds thresholds, Clock clock) {
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /** The state of {@code accountIds}, their state rows locked (in account order) until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccountBook loadAll(Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return new AccountBook(thresholds.velocityWindow(), Set.of(), List.of());
        }
        List<AccountState> states = AccountState.findAllForUpdate(accountIds);
        Set<String> blocked = BlockedAccount.blockedAmong(accountIds);
        return new AccountBook(thresholds.velocityWindow(), blocked, states);
    }

    /** Writes the book back: every touched state row once (new rows inserted, loaded ones updated at flush). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveAll(AccountBook book) {
        Instant now = Instant.now(clock);
        for (AccountState state : book.touched()) {
            state.updatedAt = now;
            state.persist();
        }
    }
}
