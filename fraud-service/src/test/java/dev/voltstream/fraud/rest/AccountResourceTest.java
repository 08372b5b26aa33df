package dev.voltstream.fraud.rest;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.fraud.messaging.Channels;
import dev.voltstream.fraud.messaging.InMemoryChannels;
import dev.voltstream.fraud.messaging.TestMessages;
import dev.voltstream.fraud.rules.RuleNames;
import dev.voltstream.fraud.rules.Transactions;
import dev.voltstream.testkit.EventJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The REST API: blocking decides transactions, recent verdicts/alerts, thresholds, problem details, OpenAPI. */
@QuarkusTest
@TestProfile(InMemoryChannels.class)
class AccountResourceTest {
    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;

    private final String account = "acc-rest-" + UUID.randomUUID().toString().substring(0, 8);

    private void decide(Transaction tx) {
        TestMessages.sendBatch(connector.source(Channels.TRANSACTIONS), Duration.ofSeconds(15),
                TestMessages.transaction(tx));
        await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/api/verdicts/{id}", tx.transactionId())
                .statusCode() == 200);
    }

    @Test
    void aBlockedAccountIsDeclinedUntilUnblocked() {
        given().contentType(ContentType.JSON).body("{\"reason\":\"card reported stolen\"}")
                .put("/api/accounts/{id}/block", account)
                .then().statusCode(200).body("accountId", equalTo(account)).body("reason", equalTo("card reported stolen"));
        Transaction blocked = Transactions.tx(account, "10.00", Instant.now());
        decide(blocked);

        given().get("/api/verdicts/{id}", blocked.transactionId()).then()
                .body("verdict", equalTo("DECLINED")).body("reasons", hasItem(RuleNames.ACCOUNT_BLOCKED));
        given().get("/api/accounts/{id}", account).then().statusCode(200).body("blocked", equalTo(true));

        given().delete("/api/accounts/{id}/block", account).then().statusCode(204);
        Transaction after = Transactions.tx(account, "10.00", Instant.now().plusSeconds(1));
        decide(after);

        given().get("/api/verdicts/{id}", after.transactionId()).then().body("verdict", equalTo("APPROVED"));
        TransactionVerdict[] recent = given().get("/api/accounts/{id}/verdicts?limit=5", account)
                .then().statusCode(200).extract().as(TransactionVerdict[].class);
        org.assertj.core.api.Assertions.assertThat(recent).extracting(TransactionVerdict::transactionId)
                .containsExactlyInAnyOrder(blocked.transactionId(), after.transactionId());
    }

    @Test
    void unblockingAnAccountThatIsNotBlockedIsAProblem() {
        given().delete("/api/accounts/{id}/block", account).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("title", equalTo("Not Found"))
                .body("detail", containsString(account));
    }

    @Test
    void anUnknownAccountIs404AndABadLimitIs400() {
        given().get("/api/accounts/{id}/alerts", account).then().statusCode(404)
                .contentType("application/problem+json");
        Transaction tx = Transactions.tx(account, "10.00", Instant.now());
        decide(tx);

        given().get("/api/accounts/{id}/alerts?limit=0", account).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("limit"));
        given().get("/api/accounts/{id}/alerts", account).then().statusCode(200).body("size()", equalTo(0));
        given().get("/api/accounts/{id}", "bad id!").then().statusCode(400);
    }

    @Test
    void thresholdsAreTheConfiguredOnes() {
        given().get("/api/thresholds").then().statusCode(200)
                .body("perTransactionLimit", equalTo(2000.00f))
                .body("velocityMaxCount", equalTo(5))
                .body("velocityWindowSeconds", equalTo(60))
                .body("travelMaxSpeedKmh", equalTo(900.0f));
    }

    @Test
    void theApiIsDescribedAndHealthy() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/accounts/{accountId}/block"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("\"outbox\""));
    }
}
