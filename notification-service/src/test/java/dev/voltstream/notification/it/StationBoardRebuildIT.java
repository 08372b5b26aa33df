package dev.voltstream.notification.it;

import static dev.voltstream.notification.it.StationStatusHistory.CHANGES_THRICE;
import static dev.voltstream.notification.it.StationStatusHistory.GETS_LIVE_EVENT;
import static dev.voltstream.notification.it.StationStatusHistory.LATE_OLD_EVENT;
import static dev.voltstream.notification.it.StationStatusHistory.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.TestEvents;
import dev.voltstream.notification.domain.StationStateTable;
import dev.voltstream.testkit.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The service starts on an empty board while the compacted station-status holds the stations' history and its group
 * has nothing left to consume: it rebuilds the board from the topic (latest status per station by event time,
 * several polls of two records), reports ready only then, and a newer live event still wins afterwards; the
 * rebuild's upsert never replaces a newer status (one the live consumer applied first).
 */
@QuarkusTest
@TestProfile(StationBoardRebuildIT.SeededTopicProfile.class)
class StationBoardRebuildIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A fresh database, a broker with station-status's history already consumed, small rebuild batches. */
    public static class SeededTopicProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("voltstream.station-board.batch-size", "2");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StationStatusHistory.class),
                    new TestResourceEntry(PostgresTestResource.class));
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    StationStateTable table;

    @Test
    void boardIsRebuiltFromTheTopicAndANewerLiveEventStillWins() throws Exception {
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("station-board")));

        station(CHANGES_THRICE, "OUT_OF_SERVICE", null);
        station(LATE_OLD_EVENT, "AVAILABLE", "OCCUPIED");
        station(GETS_LIVE_EVENT, "OCCUPIED", "AVAILABLE");
        given().when().get("/api/stations/st-rebuild-gone").then().statusCode(404);

        try (CloudEventProducer producer = new CloudEventProducer(bootstrapServers)) {
            String type = EventTypes.STATION_STATUS_CHANGED;
            producer.send(Topics.STATION_STATUS, CHANGES_THRICE, type,
                    status(CHANGES_THRICE, "-0", "OCCUPIED", "AVAILABLE", "2026-11-25T10:00:00Z"));
            producer.send(Topics.STATION_STATUS, CHANGES_THRICE, type,
                    status(CHANGES_THRICE, "-4", "AVAILABLE", "OUT_OF_SERVICE", "2026-11-25T10:55:00Z"));
            producer.send(Topics.STATION_STATUS, GETS_LIVE_EVENT, type,
                    status(GETS_LIVE_EVENT, "-2", "AVAILABLE", "OCCUPIED", "2026-11-25T10:50:00Z"));
        }
        await().atMost(WAIT).untilAsserted(() -> station(GETS_LIVE_EVENT, "AVAILABLE", "OCCUPIED"));
        // the older live event (same key, so processed before the newer one) left the rebuilt status in place
        await().atMost(WAIT).untilAsserted(() -> station(CHANGES_THRICE, "AVAILABLE", "OUT_OF_SERVICE"));
    }

    @Test
    void rebuildUpsertNeverReplacesANewerStatus() {
        String station = "st-rebuild-race-" + TestEvents.unique();
        StationStatusChanged newer = TestEvents.read(status(station, "-2", "AVAILABLE", "OCCUPIED",
                "2026-11-25T11:00:00Z"));
        StationStatusChanged older = TestEvents.read(status(station, "-1", "OCCUPIED", "AVAILABLE",
                "2026-11-25T10:00:00Z"));

        assertThat(QuarkusTransaction.requiringNew().call(() -> table.upsertNewer(List.of(newer)))).isOne();
        assertThat(QuarkusTransaction.requiringNew().call(() -> table.upsertNewer(List.of(older)))).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> table.upsertNewer(List.of(newer)))).isZero();
        station(station, "AVAILABLE", "OCCUPIED");
    }

    /** Asserts the board's status of the station, and its previous status unless null (depends on the polls). */
    private static void station(String stationId, String status, String previous) {
        var response = given().when().get("/api/stations/" + stationId).then().statusCode(200)
                .body("status", equalTo(status));
        if (previous != null) {
            response.body("previous", equalTo(previous));
        }
    }
}
