package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.SessionProgress;
import dev.voltstream.contracts.SessionStarted;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.StationTelemetry;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.stationproducer.domain.Account;
import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.domain.Station;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Builds single events from an {@link InjectRequest}. Injected events leave the simulated fleet's state alone (an
 * injected AVAILABLE does not end the session the simulation runs at that station).
 */
public final class EventInjector {
    private static final BigDecimal DEFAULT_AMOUNT = new BigDecimal("10.00");
    private static final double DEFAULT_ENERGY_KWH = 20.0;

    private final SimulationEngine engine;
    private final FraudScenarios accounts;
    private final EventIds ids;
    private final TransactionFactory transactions;

    public EventInjector(SimulationEngine engine, FraudScenarios accounts, EventIds ids,
                         TransactionFactory transactions) {
        this.engine = engine;
        this.accounts = accounts;
        this.ids = ids;
        this.transactions = transactions;
    }

    /** The event the request describes, stamped {@code now}. */
    public Event build(InjectRequest request, Instant now) {
        Objects.requireNonNull(request, "request");
        if (request.type() == null) {
            throw new IllegalArgumentException("type is required, one of " + List.of(InjectableEvent.values()));
        }
        Account account = request.accountId() == null ? null : account(request.accountId());
        Station station = station(request, account);
        double energy = request.energyKwh() == null ? DEFAULT_ENERGY_KWH : request.energyKwh();
        if (!(energy >= 0) || Double.isInfinite(energy)) {
            throw new IllegalArgumentException("energyKwh must be zero or more: " + energy);
        }
        String session = request.sessionId() == null ? ids.sessionId() : request.sessionId();
        return switch (request.type()) {
            case STATION_STATUS_CHANGED -> new StationStatusChanged(ids.eventId(), station.id(),
                    request.status() == null ? StationStatus.AVAILABLE : request.status(), engine.statusOf(station),
                    station.location(), now);
            case STATION_TELEMETRY -> new StationTelemetry(ids.eventId(), station.id(), station.maxPowerKw(), energy,
                    25.0, now);
            case SESSION_STARTED -> new SessionStarted(ids.eventId(), session, station.id(),
                    driver(account, station).id(), now);
            case SESSION_PROGRESS -> new SessionProgress(ids.eventId(), session, station.id(),
                    driver(account, station).id(), energy, station.maxPowerKw(), now);
            case SESSION_COMPLETED -> new SessionCompleted(ids.eventId(), session, station.id(),
                    driver(account, station).id(), energy, idleMinutes(request), now.minus(Duration.ofMinutes(30)),
                    now);
            case TRANSACTION -> payment(request, account == null ? engine.fleet().accounts().get(0) : account,
                    station, now);
        };
    }

    private Event payment(InjectRequest request, Account account, Station station, Instant now) {
        TransactionType type = request.transactionType() == null ? TransactionType.CARD : request.transactionType();
        if (type == TransactionType.CHARGING) {
            throw new IllegalArgumentException("CHARGING payments are emitted by billing-service, not injected");
        }
        BigDecimal amount = request.amount() == null ? DEFAULT_AMOUNT : request.amount();
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount.toPlainString());
        }
        return transactions.create(account.id(), type, amount, request.stationId() == null ? account.home() : station,
                now);
    }

    private Account account(String accountId) {
        return accounts.knownAccount(accountId).orElseThrow(() -> new UnknownResourceException("account", accountId));
    }

    private Station station(InjectRequest request, Account account) {
        Fleet fleet = engine.fleet();
        if (request.stationId() != null) {
            return fleet.station(request.stationId())
                    .orElseThrow(() -> new UnknownResourceException("station", request.stationId()));
        }
        return account != null ? account.home() : fleet.stations().get(0);
    }

    private Account driver(Account account, Station station) {
        if (account != null) {
            return account;
        }
        List<Account> drivers = engine.fleet().accountsAt(station);
        return drivers.isEmpty() ? engine.fleet().accounts().get(0) : drivers.get(0);
    }

    private static int idleMinutes(InjectRequest request) {
        int minutes = request.idleMinutes() == null ? 0 : request.idleMinutes();
        if (minutes < 0) {
            throw new IllegalArgumentException("idleMinutes must be zero or more: " + minutes);
        }
        return minutes;
    }
}
