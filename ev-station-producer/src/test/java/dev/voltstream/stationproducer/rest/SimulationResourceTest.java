package dev.voltstream.stationproducer.rest;

import dev.voltstream.stationproducer.messaging.Channels;
import dev.voltstream.stationproducer.messaging.InMemoryChannels;
import dev.voltstream.stationproducer.service.Quiescence;
import dev.voltstream.stationproducer.service.Simulation;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class SimulationResourceTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @Inject
    Simulation simulation;

    @BeforeEach
    void quietAndEmpty() {
        Quiescence.stopAndSettle(simulation);
        new InMemoryChannels(connector).clear();
    }

    @AfterEach
    void reset() {
        Quiescence.stopAndSettle(simulation);
    }

    @Test
    void statusDescribesTheStoppedTestFleet() {
        given().when().get("/api/simulation")
                .then().statusCode(200)
                .body("running", equalTo(false))
                .body("seed", equalTo(42))
                .body("runId", equalTo("test"))
                .body("stations", equalTo(200))
                .body("accounts", equalTo(1000))
                .body("eventsPerSecond", equalTo(100.0f));
    }

    @Test
    void startEmitsUntilStopAndTheStatusCountsWhatWasAcknowledgedPerType() {
        given().contentType(ContentType.JSON).body("{\"eventsPerSecond\": 2000}")
                .when().put("/api/simulation/rate").then().statusCode(200).body("eventsPerSecond", equalTo(2000.0f));
        given().when().post("/api/simulation/start").then().statusCode(200).body("running", equalTo(true));
        InMemoryChannels channels = new InMemoryChannels(connector);
        await().atMost(Duration.ofSeconds(10)).until(() -> channels.sent(Channels.TRANSACTIONS).size() > 100);

        given().when().post("/api/simulation/stop").then().statusCode(200).body("running", equalTo(false));
        // a tick in progress when stop was called may still finish; after that nothing more is sent
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> simulation.status().inFlight() == 0);
        long settled = simulation.status().sent();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> simulation.status().sent() == settled);
        given().when().get("/api/simulation").then().statusCode(200)
                .body("emitted", hasKey("Transaction"))
                .body("emitted.Transaction", greaterThan(100))
                .body("failed", equalTo(0));
    }

    @Test
    void aRateThatIsNotPositiveIsABadRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"eventsPerSecond\": 0}")
                .when().put("/api/simulation/rate")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("title", equalTo("Bad request"))
                .body("detail", containsString("eventsPerSecond"));
    }

    @Test
    void aMissingOrUnreadableRateIsABadRequestProblem() {
        given().contentType(ContentType.JSON).body("{}")
                .when().put("/api/simulation/rate").then().statusCode(400).body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("{\"eventsPerSecond\": \"fast\"}")
                .when().put("/api/simulation/rate")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
    }

    @Test
    void theApiIsDescribedByOpenApiAndHealthIsUp() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/api/simulation/rate"))
                .body("paths", hasKey("/api/scenarios/{name}"))
                .body("paths", hasKey("/api/events"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'simulation' }.status", equalTo("UP"));
    }

    @Test
    void anUnknownPathIsNotFound() {
        given().when().get("/api/nothing-here").then().statusCode(404);
    }
}
