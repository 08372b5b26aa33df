package dev.voltstream.stationproducer.rest;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.stationproducer.messaging.Channels;
import dev.voltstream.stationproducer.messaging.InMemoryChannels;
import dev.voltstream.stationproducer.service.Quiescence;
import dev.voltstream.stationproducer.service.Simulation;
import dev.voltstream.testkit.EventSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class EventResourceTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    Simulation simulation;

    private InMemoryChannels channels;

    @BeforeEach
    void clearSinks() {
        Quiescence.stopAndSettle(simulation);
        channels = new InMemoryChannels(connector);
        channels.clear();
    }

    @Test
    void anInjectedTransactionIsEmittedOnceKeyedByItsAccount() {
        String eventId = given().contentType(ContentType.JSON)
                .body("{\"type\": \"TRANSACTION\", \"accountId\": \"acc-0042\", \"transactionType\": \"UPI\", "
                        + "\"amount\": 99.99}")
                .when().post("/api/events")
                .then().statusCode(200)
                .body("topic", equalTo("transactions"))
                .body("key", equalTo("acc-0042"))
                .body("type", equalTo(EventTypes.TRANSACTION))
                .body("event.accountId", equalTo("acc-0042"))
                .body("event.type", equalTo("UPI"))
                .body("event.amount", equalTo(99.99f))
                .extract().path("event.eventId");

        assertThat(channels.sent(Channels.TRANSACTIONS)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("acc-0042");
            assertThat(record.cloudEvent().getId()).isEqualTo(eventId);
            EventSchemas.assertValid("Transaction", record.json());
        });
    }

    @Test
    void anInjectedAvailableStatusGoesToStationStatusKeyedByStation() {
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"STATION_STATUS_CHANGED\", \"stationId\": \"st-017\", \"status\": \"AVAILABLE\"}")
                .when().post("/api/events")
                .then().statusCode(200)
                .body("topic", equalTo("station-status"))
                .body("key", equalTo("st-017"))
                .body("event.status", equalTo("AVAILABLE"));

        assertThat(channels.sent(Channels.STATION_STATUS)).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("st-017");
            assertThat(record.cloudEvent().getType()).isEqualTo(EventTypes.STATION_STATUS_CHANGED);
            EventSchemas.assertValid("StationStatusChanged", record.json());
        });
    }

    @Test
    void anInjectedSessionCompletionCarriesItsIdleMinutes() {
        given().contentType(ContentType.JSON)
                .body("{\"type\": \"SESSION_COMPLETED\", \"stationId\": \"st-003\", \"sessionId\": \"ses-x\", "
                        + "\"energyKwh\": 42.5, \"idleMinutes\": 17}")
                .when().post("/api/events")
                .then().statusCode(200)
                .body("topic", equalTo("charging-sessions"))
                .body("event.idleMinutes", equalTo(17));

        assertThat(channels.sent(Channels.CHARGING_SESSIONS)).singleElement()
                .satisfies(record -> EventSchemas.assertValid("SessionCompleted", record.json()));
    }

    @Test
    void anUnknownAccountIsANotFoundProblemAndNothingIsSent() {
        given().contentType(ContentType.JSON).body("{\"type\": \"TRANSACTION\", \"accountId\": \"acc-7777\"}")
                .when().post("/api/events")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("title", equalTo("Unknown account"))
                .body("detail", containsString("acc-7777"));

        assertThat(channels.sentAll()).isEmpty();
    }

    @Test
    void aMissingOrUnknownTypeIsABadRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"stationId\": \"st-001\"}")
                .when().post("/api/events")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("type is required"));
        given().contentType(ContentType.JSON).body("{\"type\": \"TELEPORT\"}")
                .when().post("/api/events")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        given().contentType(ContentType.JSON).body("{\"type\": \"TRANSACTION\", \"amount\": -5}")
                .when().post("/api/events")
                .then().statusCode(400).body("detail", containsString("amount must be positive"));

        assertThat(channels.sentAll()).isEmpty();
    }
}
