package dev.voltstream.billing.rest;

import dev.voltstream.billing.InMemoryChannels;
import dev.voltstream.billing.TestEvents;
import dev.voltstream.billing.TrackedBatch;
import dev.voltstream.billing.TrackedMessage;
import dev.voltstream.billing.messaging.Channels;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.testkit.EventJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(InMemoryChannels.class)
class BillingApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    @Any
    InMemoryConnector connector;

    @Test
    void anAccountShowsItsBalanceLedgerAndInvoices() {
        String accountId = TestEvents.unique("acc");
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), accountId, 32.5, 12);
        TransactionVerdict paid = TestEvents.verdict(
                TestEvents.cardPayment("chg-inv-" + session.sessionId(), accountId, "13.88"), Verdict.APPROVED);
        settle(Channels.CHARGING_SESSIONS_IN, EventTypes.SESSION_COMPLETED, session.eventId(), EventJson.write(session));
        settle(Channels.TRANSACTION_VERDICTS_IN, EventTypes.TRANSACTION_VERDICT, paid.eventId(), EventJson.write(paid));

        given().get("/api/accounts/{id}", accountId).then().statusCode(200)
                .body("accountId", equalTo(accountId))
                .body("balance", equalTo(4986.12f))
                .body("currency", equalTo("EUR"));
        given().get("/api/accounts/{id}/ledger", accountId).then().statusCode(200)
                .body("entryType", org.hamcrest.Matchers.contains("OPENING", "DEBIT"))
                .body("amount", org.hamcrest.Matchers.contains(5000.00f, -13.88f));
        given().get("/api/accounts/{id}/invoices", accountId).then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].sessionId", equalTo(session.sessionId()));
        given().get("/api/invoices/by-session/{id}", session.sessionId()).then().statusCode(200)
                .body("invoiceId", equalTo("inv-" + session.sessionId()))
                .body("amount", equalTo(13.88f))
                .body("platformCommission", equalTo(2.08f));
        given().get("/api/invoices/{id}", "inv-" + session.sessionId()).then().statusCode(200)
                .body("transactionId", equalTo("chg-inv-" + session.sessionId()));
        given().get("/api/accounts?size=500").then().statusCode(200)
                .body("accountId", hasItem(accountId));
    }

    @Test
    void balancesEqualLedgerSums() {
        given().get("/api/consistency").then().statusCode(200)
                .body("consistent", equalTo(true))
                .body("mismatches", hasSize(0))
                .body("unbalancedPostings", hasSize(0));
    }

    @Test
    void anUnknownAccountIsA404Problem() {
        given().get("/api/accounts/{id}", "acc-nobody").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("no account acc-nobody"));
    }

    @Test
    void anUninvoicedSessionIsA404Problem() {
        given().get("/api/invoices/by-session/{id}", "ses-never").then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void badPagingIsA400Problem() {
        given().get("/api/accounts?size=0").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("detail", startsWith("size must be between"));
        given().get("/api/accounts?page=-1").then().statusCode(400);
    }

    @Test
    void aMalformedIdIsA400Problem() {
        given().get("/api/accounts/{id}", "a b").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/accounts/{accountId}/ledger"))
                .body("paths", hasKey("/api/invoices/by-session/{sessionId}"))
                .body("paths", hasKey("/api/consistency"));
    }

    @Test
    void healthIncludesTheOutbox() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("outbox"));
    }

    private void settle(String channel, String type, String id, String json) {
        TrackedMessage message = TrackedMessage.cloudEvent(type, id, json);
        if (Channels.TRANSACTION_VERDICTS_IN.equals(channel)) {
            TrackedBatch.send(connector.source(channel), message); // the verdicts channel consumes polled batches
        } else {
            connector.source(channel).send(message.message());
        }
        await().atMost(WAIT).until(message::isAcked);
    }
}
