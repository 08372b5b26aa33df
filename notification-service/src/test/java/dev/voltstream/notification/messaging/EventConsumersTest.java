package dev.voltstream.notification.messaging;

import dev.voltstream.kit.consumer.ConsumerMetrics;
import dev.voltstream.kit.consumer.PoisonRecordException;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.notification.InMemoryMessagingProfile;
import dev.voltstream.notification.TestEvents;
import dev.voltstream.notification.service.LiveFeed;
import dev.voltstream.notification.service.NotificationView;
import dev.voltstream.notification.service.WatchService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each consumed event kind through the in-memory connector into PostgreSQL, read back through the REST API. */
@QuarkusTest
@TestProfile(InMemoryMessagingProfile.class)
class EventConsumersTest {
    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    WatchService watches;

    @Inject
    LiveFeed liveFeed;

    @Inject
    MeterRegistry registry;

    @Inject
    ConsumerMetrics consumerMetrics;

    private static List<NotificationView> notificationsOf(String accountId) {
        return RestAssuredEventJson.notificationsOf(accountId);
    }

    private void deliverTwice(String channel, String type, String json) throws Exception {
        InMemoryDelivery.send(connector, channel, type, json).awaitAck();
        InMemoryDelivery.send(connector, channel, type, json).awaitAck();
    }

    @Test
    void balanceChangeCreatesOneNotificationEvenWhenRedelivered() throws Exception {
        String account = "acc-b-" + TestEvents.unique();
        String json = TestEvents.json(BalanceChanged.class, Map.of("eventId", "bal-" + account, "accountId", account));

        deliverTwice(Channels.ACCOUNT_UPDATES, EventTypes.BALANCE_CHANGED, json);

        assertThat(notificationsOf(account)).singleElement().satisfies(n -> {
            assertThat(n.kind().name()).isEqualTo("BALANCE_CHANGED");
            assertThat(n.sourceEventId()).isEqualTo("bal-" + account);
            assertThat(n.message()).contains("4957.50 EUR");
        });
    }

    @Test
    void balanceDippingBelowThresholdAlsoCreatesLowBalance() throws Exception {
        String account = "acc-l-" + TestEvents.unique();
        String json = TestEvents.json(BalanceChanged.class, Map.of("eventId", "low-" + account, "accountId", account,
                "delta", new BigDecimal("-50.00"), "newBalance", new BigDecimal("60.00")));

        deliverTwice(Channels.ACCOUNT_UPDATES, EventTypes.BALANCE_CHANGED, json);

        assertThat(notificationsOf(account)).extracting(n -> n.kind().name())
                .containsExactlyInAnyOrder("BALANCE_CHANGED", "LOW_BALANCE");
    }

    @Test
    void fraudAlertCreatesOneNotificationEvenWhenRedelivered() throws Exception {
        String account = "acc-f-" + TestEvents.unique();
        String json = TestEvents.json(FraudAlert.class, Map.of("eventId", "alert-" + account, "accountId", account));

        deliverTwice(Channels.FRAUD_ALERTS, EventTypes.FRAUD_ALERT, json);

        assertThat(notificationsOf(account)).singleElement().satisfies(n -> {
            assertThat(n.kind().name()).isEqualTo("FRAUD_ALERT");
            assertThat(n.title()).isEqualTo("Fraud alert: IMPOSSIBLE_TRAVEL (HIGH)");
            assertThat(n.subjectId()).isEqualTo("tx-000981");
        });
    }

    @Test
    void invoiceCreatesOneNotificationEvenWhenRedelivered() throws Exception {
        String account = "acc-i-" + TestEvents.unique();
        String json = TestEvents.json(InvoiceIssued.class, Map.of("eventId", "inv-" + account, "accountId", account));

        deliverTwice(Channels.INVOICES, EventTypes.INVOICE_ISSUED, json);

        assertThat(notificationsOf(account)).singleElement().satisfies(n -> {
            assertThat(n.kind().name()).isEqualTo("INVOICE_ISSUED");
            assertThat(n.subjectId()).isEqualTo("inv-ses-000117");
        });
    }

    @Test
    void stationBecomingAvailableNotifiesEachWatcherOnceAndUpdatesTheBoard() throws Exception {
        String station = "st-a-" + TestEvents.unique();
        String first = "acc-w1-" + TestEvents.unique();
        String second = "acc-w2-" + TestEvents.unique();
        watches.watch(first, station);
        watches.watch(second, station);
        String occupied = TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + "-1",
                "stationId", station, "status", "OCCUPIED", "previous", "AVAILABLE",
                "occurredAt", "2026-11-25T10:00:00Z"));
        String freed = TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + "-2",
                "stationId", station, "status", "AVAILABLE", "previous", "OCCUPIED",
                "occurredAt", "2026-11-25T10:30:00Z"));

        InMemoryDelivery.send(connector, Channels.STATION_STATUS, EventTypes.STATION_STATUS_CHANGED, occupied)
                .awaitAck();
        assertThat(notificationsOf(first)).isEmpty();
        deliverTwice(Channels.STATION_STATUS, EventTypes.STATION_STATUS_CHANGED, freed);

        for (String account : List.of(first, second)) {
            assertThat(notificationsOf(account)).singleElement().satisfies(n -> {
                assertThat(n.kind().name()).isEqualTo("STATION_AVAILABLE");
                assertThat(n.subjectId()).isEqualTo(station);
            });
        }
        given().when().get("/api/stations/" + station)
                .then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("AVAILABLE"))
                .body("previous", org.hamcrest.Matchers.equalTo("OCCUPIED"));
    }

    @Test
    void olderStationEventArrivingLateDoesNotOverwriteNorNotify() throws Exception {
        String station = "st-o-" + TestEvents.unique();
        String watcher = "acc-o-" + TestEvents.unique();
        watches.watch(watcher, station);
        String occupiedNow = TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + "-new",
                "stationId", station, "status", "OCCUPIED", "previous", "AVAILABLE",
                "occurredAt", "2026-11-25T11:00:00Z"));
        String freedEarlier = TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + "-old",
                "stationId", station, "status", "AVAILABLE", "previous", "OCCUPIED",
                "occurredAt", "2026-11-25T10:00:00Z"));

        InMemoryDelivery.send(connector, Channels.STATION_STATUS, EventTypes.STATION_STATUS_CHANGED, occupiedNow)
                .awaitAck();
        InMemoryDelivery.send(connector, Channels.STATION_STATUS, EventTypes.STATION_STATUS_CHANGED, freedEarlier)
                .awaitAck();

        given().when().get("/api/stations/" + station)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("OCCUPIED"));
        assertThat(notificationsOf(watcher)).isEmpty();
    }

    @Test
    void unknownTypeIsCountedAndDeadLettered() throws Exception {
        double before = consumerMetrics.deadLetteredCount("fraud-alerts", "unknown-type");

        Throwable reason = InMemoryDelivery.send(connector, Channels.FRAUD_ALERTS, "dev.voltstream.payments.Refund",
                "{\"x\":1}").awaitNack();

        assertThat(reason).hasMessage("unknown ce_type dev.voltstream.payments.Refund");
        assertThat(consumerMetrics.deadLetteredCount("fraud-alerts", "unknown-type")).isEqualTo(before + 1);
    }

    @Test
    void knownTypeThisServiceDoesNotHandleIsSkipped() throws Exception {
        double before = skipped();

        InMemoryDelivery.send(connector, Channels.FRAUD_ALERTS, EventTypes.TRANSACTION,
                TestEvents.json(Transaction.class, Map.of())).awaitAck();

        assertThat(skipped()).isEqualTo(before + 1);
    }

    @Test
    void unparsableRecordIsNackedWithTheReason() throws Exception {
        Throwable reason = InMemoryDelivery.send(connector, Channels.INVOICES, EventTypes.INVOICE_ISSUED,
                "{\"eventId\": \"broken\", ").awaitNack();

        assertThat(reason).isInstanceOf(PoisonRecordException.class).hasMessageContaining("not a valid InvoiceIssued");
    }

    @Test
    void recordMissingRequiredFieldsIsNackedAndStoresNothing() throws Exception {
        String account = "acc-p-" + TestEvents.unique();
        String json = "{\"eventId\":\"p-" + account + "\",\"accountId\":\"" + account + "\"}";

        Throwable reason = InMemoryDelivery.send(connector, Channels.ACCOUNT_UPDATES, EventTypes.BALANCE_CHANGED, json)
                .awaitNack();

        assertThat(reason).hasMessageStartingWith("BalanceChanged without");
        assertThat(notificationsOf(account)).isEmpty();
    }

    @Test
    void recordWithoutTypeIsNacked() throws Exception {
        Throwable reason = InMemoryDelivery.send(connector, Channels.FRAUD_ALERTS, null,
                TestEvents.json(FraudAlert.class, Map.of("eventId", "untyped-" + TestEvents.unique()))).awaitNack();

        assertThat(reason).hasMessage("record has no ce_type header");
    }

    @Test
    void committedNotificationIsPushedToLiveSubscribersOfItsAccount() throws Exception {
        String account = "acc-live-" + TestEvents.unique();
        AssertSubscriber<NotificationView> mine = liveFeed.notifications(account)
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<NotificationView> other = liveFeed.notifications("acc-someone-else")
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        InMemoryDelivery.send(connector, Channels.FRAUD_ALERTS, EventTypes.FRAUD_ALERT,
                TestEvents.json(FraudAlert.class, Map.of("eventId", "live-" + account, "accountId", account)))
                .awaitAck();

        mine.awaitItems(1, Duration.ofSeconds(10));
        assertThat(mine.getItems()).singleElement()
                .satisfies(n -> assertThat(n.sourceEventId()).isEqualTo("live-" + account));
        assertThat(other.getItems()).isEmpty();
        mine.cancel();
        other.cancel();
    }

    private double skipped() {
        return consumerMetrics.skippedCount("fraud-alerts");
    }
}
