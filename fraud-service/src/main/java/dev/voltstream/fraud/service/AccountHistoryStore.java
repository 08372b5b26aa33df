package dev.voltstream.fraud.service;

import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.BlockedAccount;
import dev.voltstream.fraud.domain.VelocityEvent;
import dev.voltstream.fraud.rules.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Loads the rule state of a batch's accounts into an {@link AccountBook} (a few set queries) and writes it back. */
@ApplicationScoped
public class AccountHistoryStore {
    /** Drops an account's velocity entries that can never be inside a window again. */
    private static final String PRUNE = "delete from {schema}.velocity_event where account_id = ? and occurred_at <= ?";

    private final Thresholds thresholds;
    private final Clock clock;
    private final SchemaJdbc jdbc;

    public AccountHistoryStore(Thresholds thresholds, Clock clock, SchemaJdbc jdbc) {
        this.thresholds = thresholds;
        this.clock = clock;
        this.jdbc = jdbc;
    }

    /**
     * The state of {@code accountIds} for transactions at or after {@code earliest}, with their state rows locked (in
     * account order) until the transaction ends.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AccountBook loadAll(Collection<String> accountIds, Instant earliest) {
        if (accountIds.isEmpty()) {
            return new AccountBook(thresholds.velocityWindow(), Set.of(), List.of(), Map.of());
        }
        List<AccountState> states = AccountState.findAllForUpdate(accountIds);
        Set<String> blocked = BlockedAccount.blockedAmong(accountIds);
        Map<String, List<Instant>> recent = VelocityEvent.timesAfter(accountIds,
                earliest.minus(thresholds.velocityWindow()));
        return new AccountBook(thresholds.velocityWindow(), blocked, states, recent);
    }

    /** Writes the book back: every touched state row, the new velocity entries, one prune per account. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveAll(AccountBook book) {
        Instant now = Instant.now(clock);
        for (AccountState state : book.states()) {
            if (book.pruneUntil().containsKey(state.accountId)) {
                state.updatedAt = now;
                state.persist();
            }
        }
        VelocityEvent.persist(book.newEntries());
        jdbc.batch(PRUNE, List.copyOf(book.pruneUntil().entrySet()), (statement, prune) -> {
            statement.setString(1, prune.getKey());
            statement.setObject(2, prune.getValue().atOffset(ZoneOffset.UTC));
        });
    }
}
