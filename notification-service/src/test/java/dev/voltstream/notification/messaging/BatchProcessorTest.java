package dev.voltstream.notification.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.InMemoryMessagingProfile;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.notification.TestEvents;
import dev.voltstream.testkit.KafkaBatchFixture;
import dev.voltstream.notification.service.LiveFeed;
import dev.voltstream.notification.service.NotificationView;
import dev.voltstream.notification.service.WatchService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Batches of several records, as the Kafka connector delivers them, through {@link BatchProcessor}: the records of one
 * batch behave exactly as if processed one by one in their order, a duplicate inside the batch changes nothing, a
 * poison record is nacked on its own while the rest is stored, and the batch is acked after the commit.
 */
@QuarkusTest
@TestProfile(InMemoryMessagingProfile.class)
class BatchProcessorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BatchProcessor processor;

    @Inject
    WatchService watches;

    @Inject
    LiveFeed liveFeed;

    /** Oldest first (by id: allocated in record order). */
    private static List<NotificationView> notificationsOf(String accountId) {
        return RestAssuredEventJson.notificationsOf(accountId).stream()
                .sorted(Comparator.comparing(NotificationView::id)).toList();
    }

    private static String balance(String account, String eventId, String delta, String newBalance) {
        return TestEvents.balanceChanged(account, eventId, delta, newBalance);
    }

    @Test
    void balanceChangesOfOneAccountInOneBatchWithADuplicateAndAPoisonRecord() throws Exception {
        String account = "acc-batch-" + TestEvents.unique();
        String type = EventTypes.BALANCE_CHANGED;
        KafkaBatchFixture kafka = new KafkaBatchFixture(Topics.ACCOUNT_UPDATES)
                .add(account, type, balance(account, account + "-1", "-30.00", "120.00"))
                .add(account, type, balance(account, account + "-2", "-30.00", "90.00"))  // the dip: LOW_BALANCE
                .add(account, type, balance(account, account + "-2", "-30.00", "90.00"))  // redelivered in the batch
                .add(account, type, "{\"eventId\": \"" + account + "-broken")            // poison
                .add(account, type, balance(account, account + "-3", "-10.00", "80.00"))  // still low: no second one
                .add(account, type, balance(account, account + "-4", "50.00", "130.00"));
        AssertSubscriber<NotificationView> live = liveFeed.notifications(account)
                .subscribe().withSubscriber(AssertSubscriber.create(20));

        processor.process(Topics.ACCOUNT_UPDATES, kafka.batch()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(notificationsOf(account)).extracting(n -> n.sourceEventId() + " " + n.kind())
                .containsExactly(account + "-1 BALANCE_CHANGED", account + "-2 BALANCE_CHANGED",
                        account + "-2 LOW_BALANCE", account + "-3 BALANCE_CHANGED", account + "-4 BALANCE_CHANGED");
        assertThat(kafka.nacked).containsOnlyKeys(3L);
        assertThat(kafka.nacked.get(3L)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining("not a valid BalanceChanged");
        assertThat(kafka.acked).as("the batch ack commits up to its last record").contains(5L);
        live.awaitItems(5, WAIT);
        assertThat(live.getItems()).extracting(NotificationView::sourceEventId)
                .containsExactly(account + "-1", account + "-2", account + "-2", account + "-3", account + "-4");
        live.cancel();

        // the whole batch redelivered (e.g. after a crash before the commit of its offsets) changes nothing
        KafkaBatchFixture again = new KafkaBatchFixture(Topics.ACCOUNT_UPDATES)
                .add(account, type, balance(account, account + "-1", "-30.00", "120.00"))
                .add(account, type, balance(account, account + "-4", "50.00", "130.00"));
        processor.process(Topics.ACCOUNT_UPDATES, again.batch()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(notificationsOf(account)).hasSize(5);
        assertThat(again.acked).contains(1L);
    }

    @Test
    void stationEventsOfOneStationInOneBatchSeeEachOther() throws Exception {
        String station = "st-batch-" + TestEvents.unique();
        String watcher = "acc-bw-" + TestEvents.unique();
        watches.watch(watcher, station);
        String type = EventTypes.STATION_STATUS_CHANGED;
        KafkaBatchFixture kafka = new KafkaBatchFixture(Topics.STATION_STATUS)
                .add(station, type, station(station, "-1", "OCCUPIED", "AVAILABLE", "2026-11-25T10:00:00Z"))
                .add(station, type, station(station, "-2", "AVAILABLE", "OCCUPIED", "2026-11-25T10:10:00Z"))
                .add(station, type, station(station, "-2", "AVAILABLE", "OCCUPIED", "2026-11-25T10:10:00Z"))
                .add(station, type, station(station, "-3", "AVAILABLE", "AVAILABLE", "2026-11-25T10:15:00Z"))
                .add(station, type, station(station, "-4", "OCCUPIED", "AVAILABLE", "2026-11-25T10:20:00Z"))
                .add(station, type, station(station, "-old", "AVAILABLE", "OCCUPIED", "2026-11-25T10:05:00Z"))
                .add(station, type, station(station, "-5", "AVAILABLE", "OCCUPIED", "2026-11-25T10:30:00Z"));

        processor.process(Topics.STATION_STATUS, kafka.batch()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // freed at -2 and at -5; -3 finds it free already, -old is older than what the batch stored before it
        assertThat(notificationsOf(watcher)).extracting(NotificationView::sourceEventId)
                .containsExactly(station + "-2", station + "-5");
        given().when().get("/api/stations/" + station)
                .then().statusCode(200)
                .body("status", equalTo("AVAILABLE"))
                .body("previous", equalTo("OCCUPIED"))
                .body("changedAt", equalTo("2026-11-25T10:30:00Z"));
        assertThat(kafka.nacked).isEmpty();
        assertThat(kafka.acked).contains(6L);
    }

    @Test
    void batchOfOnlyPoisonIsNackedRecordByRecordAndCommitted() throws Exception {
        KafkaBatchFixture kafka = new KafkaBatchFixture(Topics.FRAUD_ALERTS)
                .add("k", null, "{}")
                .add("k", EventTypes.FRAUD_ALERT, "not json");

        processor.process(Topics.FRAUD_ALERTS, kafka.batch()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(kafka.nacked).containsOnlyKeys(0L, 1L);
        assertThat(kafka.nacked.get(0L)).hasMessage("record has no ce_type header");
        assertThat(kafka.acked).as("the batch ack commits past the dead-lettered records").contains(1L);
    }

    private static String station(String station, String suffix, String status, String previous, String at) {
        return TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + suffix, "stationId", station,
                "status", status, "previous", previous, "occurredAt", at));
    }
}
