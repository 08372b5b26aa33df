package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.SessionProgress;
import dev.voltstream.contracts.SessionStarted;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.StationTelemetry;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.stationproducer.domain.Fleet;
import dev.voltstream.stationproducer.domain.FleetFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationEngineTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Fleet FLEET = FleetFactory.build(42, 200, 1000);

    private static SimulationEngine engine(long seed, double share) {
        EventIds ids = new EventIds("t");
        return new SimulationEngine(FLEET, seed, share, ids, new TransactionFactory(ids));
    }

    /** n events, one second apart. */
    private static List<Event> run(SimulationEngine engine, int n) {
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(engine.next(T0.plusSeconds(i)));
        }
        return events;
    }

    @Test
    void theSameSeedReplaysTheSameEvents() {
        List<Event> first = run(engine(42, 0.6), 5_000);
        List<Event> again = run(engine(42, 0.6), 5_000);
        List<Event> other = run(engine(43, 0.6), 5_000);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void theTransactionShareOfTheEventsIsExact() {
        List<Event> events = run(engine(42, 0.6), 10_000);

        long payments = events.stream().filter(Transaction.class::isInstance).count();
        assertThat(payments).isBetween(5_999L, 6_001L);
        assertThat(events).hasAtLeastOneElementOfType(StationStatusChanged.class)
                .hasAtLeastOneElementOfType(StationTelemetry.class)
                .hasAtLeastOneElementOfType(SessionStarted.class)
                .hasAtLeastOneElementOfType(SessionProgress.class)
                .hasAtLeastOneElementOfType(SessionCompleted.class);
    }

    @Test
    void everyAccountPaysOncePerRoundAtItsHomeStation() {
        List<Transaction> payments = run(engine(42, 1.0), 3_000).stream().map(Transaction.class::cast).toList();

        Map<String, List<Integer>> positions = new HashMap<>();
        for (int i = 0; i < payments.size(); i++) {
            positions.computeIfAbsent(payments.get(i).accountId(), a -> new ArrayList<>()).add(i);
        }
        assertThat(positions).hasSize(1000)
                .allSatisfy((account, at) -> assertThat(List.of(at.get(1) - at.get(0), at.get(2) - at.get(1)))
                        .containsOnly(1000));
        assertThat(payments).allSatisfy(tx ->
                assertThat(tx.location()).isEqualTo(FLEET.account(tx.accountId()).orElseThrow().home().location()));
    }

    @Test
    void ordinaryPaymentsAreSmallCardUpiOrAtmPaymentsInEuro() {
        List<Transaction> payments = run(engine(42, 1.0), 5_000).stream().map(Transaction.class::cast).toList();

        assertThat(payments).allSatisfy(tx -> {
            assertThat(tx.amount()).isPositive().isLessThanOrEqualTo(new BigDecimal("250.00"));
            assertThat(tx.amount().scale()).isEqualTo(2);
            assertThat(tx.type()).isIn(TransactionType.CARD, TransactionType.UPI, TransactionType.ATM);
            assertThat(tx.currency()).isEqualTo("EUR");
            assertThat(tx.terminalId()).endsWith(FLEET.account(tx.accountId()).orElseThrow().home().id());
            assertThat(tx.invoiceId()).isNull();
        });
        assertThat(payments.stream().collect(Collectors.groupingBy(Transaction::type, Collectors.counting())))
                .containsOnlyKeys(TransactionType.CARD, TransactionType.UPI, TransactionType.ATM);
        BigDecimal average = payments.stream().map(Transaction::amount).reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(payments.size()), java.math.RoundingMode.HALF_EVEN);
        assertThat(average).isBetween(new BigDecimal("5"), new BigDecimal("20"));
    }

    @Test
    void eachStationRunsSessionsStartProgressCompleteWithConsistentStatusChanges() {
        List<Event> events = run(engine(42, 0.0), 20_000);

        Map<String, List<Event>> byStation = events.stream().collect(Collectors.groupingBy(
                SimulationEngineTest::stationOf, java.util.LinkedHashMap::new, Collectors.toList()));
        int completed = 0;
        for (List<Event> stationEvents : byStation.values()) {
            completed += checkLifecycle(stationEvents);
        }
        assertThat(completed).isGreaterThan(500);
    }

    /** Walks one station's events and checks them against the state machine; returns the sessions completed. */
    private static int checkLifecycle(List<Event> events) {
        StationStatus status = StationStatus.AVAILABLE;
        SessionStarted open = null;
        double energy = 0;
        int progress = 0;
        int completed = 0;
        for (Event event : events) {
            if (event instanceof StationStatusChanged change) {
                assertThat(change.previous()).isEqualTo(status);
                assertThat(change.status()).isNotEqualTo(status);
                status = change.status();
            } else if (event instanceof SessionStarted started) {
                assertThat(status).isEqualTo(StationStatus.OCCUPIED);
                assertThat(open).isNull();
                assertThat(FLEET.account(started.accountId()).orElseThrow().home().id()).isEqualTo(started.stationId());
                open = started;
                energy = 0;
                progress = 0;
            } else if (event instanceof SessionProgress step) {
                assertThat(open).isNotNull();
                assertThat(step.sessionId()).isEqualTo(open.sessionId());
                assertThat(step.accountId()).isEqualTo(open.accountId());
                assertThat(step.energyKwh()).isGreaterThan(energy);
                assertThat(step.powerKw()).isPositive();
                energy = step.energyKwh();
                progress++;
            } else if (event instanceof SessionCompleted done) {
                assertThat(open).isNotNull();
                assertThat(done.sessionId()).isEqualTo(open.sessionId());
                assertThat(progress).isBetween(2, 6);
                assertThat(done.energyKwh()).isEqualTo(energy).isBetween(5.0, 60.0);
                assertThat(done.idleMinutes()).isBetween(0, 45);
                assertThat(done.startedAt()).isEqualTo(open.occurredAt()).isBefore(done.occurredAt());
                open = null;
                completed++;
            }
        }
        return completed;
    }

    @Test
    void telemetryReportsAGrowingMeterAndPowerOnlyWhileCharging() {
        List<StationTelemetry> readings = run(engine(42, 0.0), 5_000).stream()
                .filter(StationTelemetry.class::isInstance).map(StationTelemetry.class::cast).toList();

        Map<String, Double> meters = new HashMap<>();
        assertThat(readings).isNotEmpty().allSatisfy(r -> {
            assertThat(r.energyKwh()).isGreaterThanOrEqualTo(meters.getOrDefault(r.stationId(), 0.0));
            meters.put(r.stationId(), r.energyKwh());
            assertThat(r.powerKw()).isBetween(0.0, 150.0);
            assertThat(r.temperatureC()).isBetween(18.0, 40.0);
        });
        assertThat(readings).anySatisfy(r -> assertThat(r.powerKw()).isPositive());
    }

    @Test
    void eventsCarryTheInstantTheyWereAskedForAndUniqueIds() {
        List<Event> events = run(engine(42, 0.6), 2_000);

        assertThat(events.stream().map(Event::eventId).distinct()).hasSize(events.size());
        assertThat(events.get(0).eventId()).startsWith("evt-t-");
        assertThat(events.get(10).occurredAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void aShareOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> engine(42, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine(42, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String stationOf(Event event) {
        if (event instanceof StationStatusChanged e) {
            return e.stationId();
        }
        if (event instanceof StationTelemetry e) {
            return e.stationId();
        }
        if (event instanceof SessionStarted e) {
            return e.stationId();
        }
        if (event instanceof SessionProgress e) {
            return e.stationId();
        }
        if (event instanceof SessionCompleted e) {
            return e.stationId();
        }
        throw new AssertionError("not a station event: " + event);
    }
}
