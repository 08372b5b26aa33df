package dev.voltstream.fraud.service;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.rules.AccountHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rule state of a batch's accounts in memory: loaded once, then moved transaction by transaction exactly as the
 * state rows would move if each transaction were decided on its own (counters, velocity window including its
 * pruning). {@link AccountHistoryStore#saveAll} writes the touched rows back.
 */
public final class AccountBook {
    private final Duration window;
    private final Set<String> blocked;
    private final Map<String, AccountState> states;
    /** The accounts whose state rows exist (loaded, locked); the others are new rows. */
    private final Set<String> stored = new HashSet<>();
    private final Set<AccountState> touched = new LinkedHashSet<>();

    AccountBook(Duration window, Set<String> blocked, Collection<AccountState> states) {
        this.window = window;
        this.blocked = blocked;
        this.states = new HashMap<>();
        for (AccountState s : states) {
            this.states.put(s.accountId, s);
            this.stored.add(s.accountId);
        }
    }

    /** The history the rules see for a transaction of {@code accountId} at {@code at}. */
    public AccountHistory before(String accountId, Instant at) {
        Instant from = at.minus(window);
        AccountState s = states.get(accountId);
        List<Instant> recent = s == null ? List.of()
                : Arrays.stream(s.recentAt).filter(t -> t.isAfter(from)).sorted().toList();
        boolean isBlocked = blocked.contains(accountId);
        if (s == null) {
            return new AccountHistory(accountId, isBlocked, 0, null, null, null, null, null, recent);
        }
        return new AccountHistory(accountId, isBlocked, s.approvedCount, s.approvedSum,
                s.lastLat == null ? null : new GeoLocation(s.lastLat, s.lastLon), s.lastAt, s.day, s.dayTotal, recent);
    }

    /** Records {@code after}, the history after {@code tx}: the state and its velocity window, pruned. */
    public void record(AccountHistory after, Transaction tx) {
        AccountState state = states.computeIfAbsent(after.accountId(), id -> {
            AccountState s = new AccountState();
            s.accountId = id;
            return s;
        });
        state.approvedCount = after.approvedCount();
        state.approvedSum = after.approvedSum();
        state.lastLat = after.lastLocation() == null ? null : after.lastLocation().lat();
        state.lastLon = after.lastLocation() == null ? null : after.lastLocation().lon();
        state.lastAt = after.lastAt();
        state.day = after.day();
        state.dayTotal = after.dayTotal();

        Instant newest = after.recent().isEmpty() ? tx.occurredAt() : after.recent().get(after.recent().size() - 1);
        Instant until = newest.minus(window);
        state.recentAt = Stream.concat(Arrays.stream(state.recentAt), Stream.of(tx.occurredAt()))
                .filter(t -> t.isAfter(until)).sorted().toArray(Instant[]::new);
        touched.add(state);
    }

    /** The state rows a transaction of this batch moved (each once). */
    Collection<AccountState> touched() {
        return touched;
    }

    /** Whether {@code state}'s row exists (was loaded), so saving it updates instead of inserting. */
    boolean stored(AccountState state) {
        return stored.contains(state.accountId);
    }
}
