package dev.voltstream.stationproducer.service;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.SessionCompleted;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventInjectorTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final Fleet fleet = FleetFactory.build(42, 200, 1000);
    private final EventIds ids = new EventIds("t");
    private final TransactionFactory transactions = new TransactionFactory(ids);
    private final SimulationEngine engine = new SimulationEngine(fleet, 42, 0.6, ids, transactions);
    private final FraudScenarios scenarios = new FraudScenarios(fleet, transactions, new ScenarioSizes());
    private final EventInjector injector = new EventInjector(engine, scenarios, ids, transactions);

    private static InjectRequest request(InjectableEvent type) {
        return new InjectRequest(type, null, null, null, null, null, null, null, null);
    }

    @Test
    void aBareTransactionIsACardPaymentOfTenByTheFirstAccountAtItsHome() {
        Event event = injector.build(request(InjectableEvent.TRANSACTION), NOW);

        assertThat(event).isInstanceOfSatisfying(Transaction.class, tx -> {
            assertThat(tx.accountId()).isEqualTo("acc-0001");
            assertThat(tx.type()).isEqualTo(TransactionType.CARD);
            assertThat(tx.amount()).isEqualByComparingTo("10.00");
            assertThat(tx.location()).isEqualTo(fleet.account("acc-0001").orElseThrow().home().location());
            assertThat(tx.occurredAt()).isEqualTo(NOW);
        });
    }

    @Test
    void aTransactionTakesTheGivenAccountTypeAmountAndStation() {
        Event event = injector.build(new InjectRequest(InjectableEvent.TRANSACTION, "st-007", "acc-0042", null, null,
                TransactionType.ATM, new BigDecimal("60"), null, null), NOW);

        assertThat(event).isInstanceOfSatisfying(Transaction.class, tx -> {
            assertThat(tx.accountId()).isEqualTo("acc-0042");
            assertThat(tx.type()).isEqualTo(TransactionType.ATM);
            assertThat(tx.amount()).isEqualTo(new BigDecimal("60.00"));
            assertThat(tx.terminalId()).isEqualTo("atm-st-007");
        });
    }

    @Test
    void aStationStatusChangeDefaultsToAvailableAndCarriesTheSimulatedStatusAsPrevious() {
        Event event = injector.build(new InjectRequest(InjectableEvent.STATION_STATUS_CHANGED, "st-010", null, null,
                StationStatus.OUT_OF_SERVICE, null, null, null, null), NOW);
        Event bare = injector.build(request(InjectableEvent.STATION_STATUS_CHANGED), NOW);

        assertThat(event).isInstanceOfSatisfying(StationStatusChanged.class, s -> {
            assertThat(s.status()).isEqualTo(StationStatus.OUT_OF_SERVICE);
            assertThat(s.previous()).isEqualTo(StationStatus.AVAILABLE);
            assertThat(s.location()).isEqualTo(fleet.station("st-010").orElseThrow().location());
        });
        assertThat(bare).isInstanceOfSatisfying(StationStatusChanged.class, s -> {
            assertThat(s.stationId()).isEqualTo("st-001");
            assertThat(s.status()).isEqualTo(StationStatus.AVAILABLE);
        });
    }

    @Test
    void sessionEventsDefaultToTheStationsFirstDriverAndANewSession() {
        Event started = injector.build(new InjectRequest(InjectableEvent.SESSION_STARTED, "st-003", null, null, null,
                null, null, null, null), NOW);
        Event completed = injector.build(new InjectRequest(InjectableEvent.SESSION_COMPLETED, "st-003", null,
                "ses-given", null, null, null, 33.5, 12), NOW);

        assertThat(started).isInstanceOfSatisfying(SessionStarted.class, s -> {
            assertThat(s.accountId()).isEqualTo(fleet.accountsAt(fleet.station("st-003").orElseThrow()).get(0).id());
            assertThat(s.sessionId()).startsWith("ses-t-");
        });
        assertThat(completed).isInstanceOfSatisfying(SessionCompleted.class, s -> {
            assertThat(s.sessionId()).isEqualTo("ses-given");
            assertThat(s.energyKwh()).isEqualTo(33.5);
            assertThat(s.idleMinutes()).isEqualTo(12);
            assertThat(s.startedAt()).isBefore(s.occurredAt());
        });
    }

    @Test
    void telemetryReportsTheStationsRatingAndTheGivenMeter() {
        Event event = injector.build(new InjectRequest(InjectableEvent.STATION_TELEMETRY, "st-002", null, null, null,
                null, null, 120.0, null), NOW);

        assertThat(event).isInstanceOfSatisfying(StationTelemetry.class, t -> {
            assertThat(t.powerKw()).isEqualTo(fleet.station("st-002").orElseThrow().maxPowerKw());
            assertThat(t.energyKwh()).isEqualTo(120.0);
        });
    }

    @Test
    void unknownStationsAndAccountsAreNotFound() {
        assertThatThrownBy(() -> injector.build(new InjectRequest(InjectableEvent.STATION_TELEMETRY, "st-999", null,
                null, null, null, null, null, null), NOW))
                .isInstanceOf(UnknownResourceException.class).hasMessageContaining("st-999");
        assertThatThrownBy(() -> injector.build(new InjectRequest(InjectableEvent.TRANSACTION, null, "acc-5555",
                null, null, null, null, null, null), NOW))
                .isInstanceOf(UnknownResourceException.class).hasMessageContaining("acc-5555");
    }

    @Test
    void badDetailsAreRejected() {
        assertThatThrownBy(() -> injector.build(request(null), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> injector.build(new InjectRequest(InjectableEvent.TRANSACTION, null, null, null, null,
                null, new BigDecimal("-1"), null, null), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> injector.build(new InjectRequest(InjectableEvent.TRANSACTION, null, null, null, null,
                TransactionType.CHARGING, null, null, null), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> injector.build(new InjectRequest(InjectableEvent.SESSION_COMPLETED, null, null, null,
                null, null, null, -2.0, null), NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> injector.build(new InjectRequest(InjectableEvent.SESSION_COMPLETED, null, null, null,
                null, null, null, null, -1), NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
