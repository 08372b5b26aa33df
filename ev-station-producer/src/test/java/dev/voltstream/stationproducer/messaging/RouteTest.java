package dev.voltstream.stationproducer.messaging;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.SessionProgress;
import dev.voltstream.contracts.SessionStarted;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.StationTelemetry;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final GeoLocation AT = new GeoLocation(52.37, 4.90);

    @Test
    void paymentsAreKeyedByAccount() {
        Route route = Route.of(new Transaction("e", "tx", "acc-0001", TransactionType.CARD, BigDecimal.TEN, "EUR",
                "pos-st-001", AT, null, NOW));

        assertThat(route).isEqualTo(new Route(Topics.TRANSACTIONS, Channels.TRANSACTIONS, "acc-0001",
                EventTypes.TRANSACTION));
    }

    @Test
    void stationAndSessionEventsAreKeyedByStation() {
        assertThat(Route.of(new StationStatusChanged("e", "st-001", StationStatus.OCCUPIED, StationStatus.AVAILABLE,
                AT, NOW))).isEqualTo(new Route(Topics.STATION_STATUS, Channels.STATION_STATUS, "st-001",
                EventTypes.STATION_STATUS_CHANGED));
        assertThat(Route.of(new StationTelemetry("e", "st-002", 1, 2, 20, NOW))).isEqualTo(new Route(
                Topics.STATION_METRICS, Channels.STATION_METRICS, "st-002", EventTypes.STATION_TELEMETRY));
        assertThat(Route.of(new SessionStarted("e", "s", "st-003", "acc-0001", NOW)).key()).isEqualTo("st-003");
        assertThat(Route.of(new SessionProgress("e", "s", "st-004", "acc-0001", 1, 2, NOW)).type())
                .isEqualTo(EventTypes.SESSION_PROGRESS);
        assertThat(Route.of(new SessionCompleted("e", "s", "st-005", "acc-0001", 1, 0, NOW, NOW)))
                .isEqualTo(new Route(Topics.CHARGING_SESSIONS, Channels.CHARGING_SESSIONS, "st-005",
                        EventTypes.SESSION_COMPLETED));
    }

    @Test
    void eventsOfOtherServicesHaveNoRoute() {
        assertThatThrownBy(() -> Route.of(new BalanceChanged("e", "acc-0001", BigDecimal.ONE, BigDecimal.TEN, "EUR",
                "TRANSACTION", "tx", NOW))).isInstanceOf(IllegalArgumentException.class);
    }
}
