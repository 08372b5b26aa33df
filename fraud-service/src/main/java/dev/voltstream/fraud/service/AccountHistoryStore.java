package dev.voltstream.fraud.service;

import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.DecisionStatements;
import dev.voltstream.fraud.rules.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Loads the rule state of a batch's accounts into an {@link AccountBook} (two set queries, plain JDBC) and writes it back. */
@ApplicationScoped
public class AccountHistoryStore {
    private final Thresholds thresholds;
    private final Clock clock;
    private final DecisionStatements statements;

    public AccountHistoryStore(Thresholds thresholds, Clock clock, DecisionStatements statements) {
        this.thresholds = thresholds;
        this.clock = clock;
        this.statements = statements;
    }

    /** The state of {@code accountIds}, their state rows locked (in account order) until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccountBook loadAll(Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return new AccountBook(thresholds.velocityWindow(), Set.of(), List.of());
        }
        List<AccountState> states = statements.lockStates(accountIds);
        Set<String> blocked = statements.blockedAmong(accountIds);
        return new AccountBook(thresholds.velocityWindow(), blocked, states);
    }

    /** Writes the book back: every touched state row once (new rows inserted, loaded ones updated), two batches. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveAll(AccountBook book) {
        Instant now = Instant.now(clock);
        List<AccountState> inserted = new ArrayList<>();
        List<AccountState> updated = new ArrayList<>();
        for (AccountState state : book.touched()) {
            state.updatedAt = now;
            (book.stored(state) ? updated : inserted).add(state);
        }
        statements.saveStates(inserted, updated);
    }
}
