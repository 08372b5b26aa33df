package dev.voltstream.stationproducer.rest;

import dev.voltstream.stationproducer.messaging.Channels;
import dev.voltstream.stationproducer.messaging.InMemoryChannels;
import dev.voltstream.stationproducer.service.Quiescence;
import dev.voltstream.stationproducer.service.Simulation;
import dev.voltstream.testkit.EventSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class ScenarioResourceTest {
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
    void theScenariosCoverEveryFraudServiceRule() {
        given().when().get("/api/scenarios")
                .then().statusCode(200)
                .body("", hasSize(6))
                .body("rule", hasItems("VELOCITY", "IMPOSSIBLE_TRAVEL", "PER_TRANSACTION_LIMIT", "DAILY_LIMIT",
                        "AMOUNT_ANOMALY", "ACCOUNT_BLOCKED"));
    }

    @Test
    void aVelocityBurstSendsItsTransactionsInOrderOnAFreshAccount() {
        List<String> ids = given().when().post("/api/scenarios/velocity-burst")
                .then().statusCode(200)
                .body("scenario", equalTo("velocity-burst"))
                .body("expectedRule", equalTo("VELOCITY"))
                .body("accountId", startsWith("acc-9"))
                .body("transactions", hasSize(12))
                .extract().path("transactions.eventId");

        List<InMemoryChannels.SentRecord> sent = channels.sent(Channels.TRANSACTIONS);
        assertThat(sent).extracting(r -> r.cloudEvent().getId()).containsExactlyElementsOf(ids);
        assertThat(sent).extracting(InMemoryChannels.SentRecord::key).containsOnly(sent.get(0).key());
        assertThat(sent).allSatisfy(r -> EventSchemas.assertValid("Transaction", r.json()));
    }

    @Test
    void everyScenarioRunsOnAFreshAccountByDefault() {
        for (String name : List.of("impossible-travel", "over-limit", "daily-limit", "amount-anomaly")) {
            given().when().post("/api/scenarios/" + name).then().statusCode(200).body("scenario", equalTo(name));
        }

        assertThat(channels.sent(Channels.TRANSACTIONS)).hasSize(2 + 1 + 3 + 6)
                .allSatisfy(r -> EventSchemas.assertValid("Transaction", r.json()));
    }

    @Test
    void aBlockedAccountScenarioNeedsAKnownAccount() {
        given().when().post("/api/scenarios/blocked-account")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        given().queryParam("accountId", "acc-4242").when().post("/api/scenarios/blocked-account")
                .then().statusCode(404).body("title", equalTo("Unknown account"));
        given().queryParam("accountId", "acc-0042").when().post("/api/scenarios/blocked-account")
                .then().statusCode(200).body("accountId", equalTo("acc-0042")).body("transactions", hasSize(1));

        assertThat(channels.sent(Channels.TRANSACTIONS)).singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("acc-0042"));
    }

    @Test
    void anUnknownScenarioIsANotFoundProblem() {
        given().when().post("/api/scenarios/bank-heist")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Unknown scenario"));
    }
}
