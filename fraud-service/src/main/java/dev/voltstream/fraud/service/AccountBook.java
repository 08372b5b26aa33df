package dev.voltstream.fraud.service;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.domain.AccountState;
import dev.voltstream.fraud.domain.VelocityEvent;
import dev.voltstream.fraud.rules.AccountHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule state of a batch's accounts in memory: loaded once, then moved transaction by transaction exactly as the
 * database rows would move if each transaction were decided on its own (state row, velocity window including its
 * pruning). {@link AccountHistoryStore#saveAll} writes the result back.
 */
public final class AccountBook {
    private final Duration window;
    private final Set<String> blocked;
    private final Map<String, AccountState> states;
    private final Map<String, List<Instant>> times;
    private final List<VelocityEvent> newEntries = new ArrayList<>();
    private final Map<String, Instant> pruneUntil = new LinkedHashMap<>();

    AccountBook(Duration window, Set<String> blocked, Collection<AccountState> states,
                Map<String, List<Instant>> recent) {
        this.window = window;
        this.blocked = blocked;
        this.states = new HashMap<>();
        states.forEach(s -> this.states.put(s.accountId, s));
        this.times = new HashMap<>(recent);
    }

    /** The history the rules see for a transaction of {@code accountId} at {@code at}. */
    public AccountHistory before(String accountId, Instant at) {
        Instant from = at.minus(window);
        List<Instant> recent = times.getOrDefault(accountId, List.of()).stream()
                .filter(t -> t.isAfter(from)).sorted().toList();
        boolean isBlocked = blocked.contains(accountId);
        AccountState s = states.get(accountId);
        if (s == null) {
            return new AccountHistory(accountId, isBlocked, 0, null, null, null, null, null, recent);
        }
        return new AccountHistory(accountId, isBlocked, s.approvedCount, s.approvedSum,
                s.lastLat == null ? null : new GeoLocation(s.lastLat, s.lastLon), s.lastAt, s.day, s.dayTotal, recent);
    }

    /** Records {@code after}, the history after {@code tx}: the state, its velocity entry, and the pruned window. */
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

        List<Instant> accountTimes = times.computeIfAbsent(after.accountId(), a -> new ArrayList<>());
        accountTimes.add(tx.occurredAt());
        newEntries.add(VelocityEvent.of(tx.transactionId(), after.accountId(), tx.occurredAt()));
        Instant newest = after.recent().isEmpty() ? tx.occurredAt() : after.recent().get(after.recent().size() - 1);
        Instant until = newest.minus(window);
        accountTimes.removeIf(t -> !t.isAfter(until));
        // The bound only grows (the newest time never leaves the window), so the last one prunes all earlier ones did.
        pruneUntil.put(after.accountId(), until);
    }

    Collection<AccountState> states() {
        return states.values();
    }

    List<VelocityEvent> newEntries() {
        return newEntries;
    }

    Map<String, Instant> pruneUntil() {
        return pruneUntil;
    }
}
