package dev.voltstream.notification.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.StationStatus;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.notification.InMemoryMessagingProfile;
import dev.voltstream.notification.TestEvents;
import dev.voltstream.notification.service.NotificationRecorder;
import dev.voltstream.testkit.EventJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST API, the problem details and the static page. */
@QuarkusTest
@TestProfile(InMemoryMessagingProfile.class)
class RestApiTest {
    @Inject
    NotificationRecorder recorder;

    @Test
    void watchIsCreatedOnceListedAndRemoved() {
        String account = "acc-r-" + TestEvents.unique();
        String path = "/api/accounts/" + account + "/watches/st-101";

        given().when().put(path).then().statusCode(201).body("stationId", equalTo("st-101"));
        given().when().put(path).then().statusCode(200).body("accountId", equalTo(account));
        given().when().get("/api/accounts/" + account + "/watches")
                .then().statusCode(200).body("stationId", contains("st-101"));
        given().when().delete(path).then().statusCode(204);
        given().when().get("/api/accounts/" + account + "/watches")
                .then().statusCode(200).body("stationId", not(hasItem("st-101")));
    }

    @Test
    void unwatchingAStationNotWatchedIsAProblem404() {
        given().when().delete("/api/accounts/acc-nobody/watches/st-001")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("acc-nobody does not watch st-001"));
    }

    @Test
    void malformedIdIsAProblem400() {
        given().when().put("/api/accounts/acc%20x/watches/st-001")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("accountId"));
    }

    @Test
    void notificationsAreListedNewestFirstInPages() {
        String account = "acc-page-" + TestEvents.unique();
        for (int i = 1; i <= 3; i++) {
            recorder.record(List.of(EventJson.read(TestEvents.json(FraudAlert.class,
                    Map.of("eventId", account + "-" + i, "accountId", account)), FraudAlert.class)));
        }

        given().queryParam("accountId", account).queryParam("size", 2)
                .when().get("/api/notifications")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.sourceEventId", contains(account + "-3", account + "-2"));
        given().queryParam("accountId", account).queryParam("size", 2).queryParam("page", 1)
                .when().get("/api/notifications")
                .then().statusCode(200)
                .body("items.sourceEventId", contains(account + "-1"));
    }

    @Test
    void oneNotificationByIdAndUnknownIdIs404() {
        String account = "acc-one-" + TestEvents.unique();
        long id = recorder.record(List.of(EventJson.read(TestEvents.json(FraudAlert.class,
                Map.of("eventId", account, "accountId", account)), FraudAlert.class))).get(0).notifications().get(0).id();

        given().when().get("/api/notifications/" + id).then().statusCode(200).body("accountId", equalTo(account));
        given().when().get("/api/notifications/999999999").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void pageSizeOutOfRangeIsAProblem400() {
        given().queryParam("size", 0).when().get("/api/notifications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("size"));
    }

    @Test
    void stationsAreListedByStatus() {
        String station = "st-l-" + TestEvents.unique();
        recorder.record(List.of(new StationStatusChanged(station + "-e", station, StationStatus.OUT_OF_SERVICE,
                StationStatus.AVAILABLE, null, java.time.Instant.now())));

        given().queryParam("status", "OUT_OF_SERVICE").when().get("/api/stations")
                .then().statusCode(200).body("stationId", hasItem(station));
        given().queryParam("status", "AVAILABLE").when().get("/api/stations")
                .then().statusCode(200).body("stationId", not(hasItem(station)));
    }

    @Test
    void unknownStatusIsAProblem400AndUnknownStationA404() {
        given().queryParam("status", "BROKEN").when().get("/api/stations")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/stations/st-never-seen")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void pageIsServed() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Live notifications"), containsString("api/notifications/stream"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/accounts/{accountId}/watches/{stationId}"),
                        containsString("/api/notifications/stream"));
    }
}
