package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.domain.Station;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ordinary traffic of the fleet, one event at a time. Exactly {@code transactionShare} of the events are payments
 * (by the accounts in a fixed seeded rotation, so every account pays at the same steady interval); the rest are steps
 * of randomly chosen stations (status changes, telemetry, sessions). A station step may yield two events; the second
 * waits in a queue, so the events of one station stay in order. Same seed, same sequence. Thread-safe (synchronized):
 * the runner calls it, REST reads station states.
 */
public final class SimulationEngine {
    private final Fleet fleet;
    private final SplittableRandom random;
    private final double transactionShare;
    private final StationActivity activity;
    private final TransactionFactory transactions;
    private final Map<String, StationState> states = new LinkedHashMap<>();
    private final List<StationState> stateList;
    private final Account[] rotation;
    private final Deque<Event> pending = new ArrayDeque<>();
    private int rotationCursor;
    private long emitted;
    private long payments;

    public SimulationEngine(Fleet fleet, long seed, double transactionShare, EventIds ids,
                            TransactionFactory transactions) {
        if (!(transactionShare >= 0 && transactionShare <= 1)) {
            throw new IllegalArgumentException("transaction share must be within [0, 1]: " + transactionShare);
        }
        this.fleet = fleet;
        this.random = new SplittableRandom(seed);
        this.transactionShare = transactionShare;
        this.activity = new StationActivity(fleet, ids);
        this.transactions = transactions;
        fleet.stations().forEach(s -> states.put(s.id(), new StationState(s)));
        this.stateList = List.copyOf(states.values());
        this.rotation = shuffled(fleet.accounts().toArray(Account[]::new), random);
    }

    /** The next event of the simulation, stamped {@code now}. */
    public synchronized Event next(Instant now) {
        Event event = pending.poll();
        if (event == null) {
            event = transactionDue() ? payment(now) : stationStep(now);
        }
        emitted++;
        if (event instanceof Transaction) {
            payments++;
        }
        return event;
    }

    /** The simulated status of a station (events injected by hand do not change it). */
    public synchronized StationStatus statusOf(Station station) {
        return states.get(station.id()).status;
    }

    public Fleet fleet() {
        return fleet;
    }

    private boolean transactionDue() {
        // Deterministic share: a payment whenever payments lag behind the share of everything emitted so far.
        return payments < transactionShare * (emitted + 1);
    }

    private Event payment(Instant now) {
        Account account = rotation[rotationCursor];
        rotationCursor = (rotationCursor + 1) % rotation.length;
        return transactions.ordinary(account, random, now);
    }

    private Event stationStep(Instant now) {
        StationState state = stateList.get(random.nextInt(stateList.size()));
        List<Event> events = activity.step(state, random, now);
        pending.addAll(events.subList(1, events.size()));
        return events.get(0);
    }

    private static Account[] shuffled(Account[] accounts, SplittableRandom random) {
        for (int i = accounts.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Account swap = accounts[i];
            accounts[i] = accounts[j];
            accounts[j] = swap;
        }
        return accounts;
    }
}
