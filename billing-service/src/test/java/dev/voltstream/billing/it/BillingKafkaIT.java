package dev.voltstream.billing.it;

import dev.voltstream.billing.TestEvents;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.Invoice;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.domain.OutboxEvent;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSchemas;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * billing against an in-process Voltstream broker and a real PostgreSQL. Duplicates are followed by a marker event
 * with the same key (same partition, so consumed after them): once the marker's effect is visible, the duplicates
 * were certainly consumed too.
 */
@QuarkusTest
@TestProfile(KafkaAndPostgres.class)
class BillingKafkaIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaClients kafka;

    @BeforeEach
    void clients() {
        kafka = new KafkaClients(bootstrap);
    }

    @AfterEach
    void closeClients() {
        kafka.close();
    }

    @Test
    void theSameVerdictDeliveredTwiceChangesTheBalanceOnce() throws Exception {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict verdict = approved(accountId, "25.00");
        TransactionVerdict marker = approved(accountId, "1.00");

        sendVerdict(verdict);
        sendVerdict(verdict);
        sendVerdict(marker);

        await().atMost(WAIT).until(() -> posted(marker.transactionId()));
        assertThat(balance(accountId)).isEqualByComparingTo("4974.00");
        assertThat(QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count("accountId", accountId))).isEqualTo(3);
        given().get("/api/consistency").then().statusCode(200).body("consistent", equalTo(true));
    }

    @Test
    void theSameSessionCompletedTwiceGivesOneInvoiceAndOneInvoiceIssued() throws Exception {
        String accountId = TestEvents.unique("acc");
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), accountId, 20, 5);
        SessionCompleted marker = TestEvents.sessionCompleted(TestEvents.unique("ses"), accountId, 1, 0);

        sendSession(session);
        sendSession(session);
        sendSession(marker);

        String invoiceEvent = "invoice-inv-" + session.sessionId();
        String markerEvent = "invoice-inv-" + marker.sessionId();
        List<ConsumerRecord<String, String>> invoices = kafka.readUntil(Topics.INVOICES,
                seen -> seen.stream().anyMatch(r -> markerEvent.equals(KafkaClients.header(r, "ce_id"))), WAIT);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Invoice.count("sessionId", session.sessionId()))).isOne();
        List<ConsumerRecord<String, String>> issued = invoices.stream()
                .filter(r -> invoiceEvent.equals(KafkaClients.header(r, "ce_id"))).toList();
        assertThat(issued).hasSize(1);
        ConsumerRecord<String, String> record = issued.get(0);
        assertThat(record.key()).isEqualTo(accountId);
        assertThat(KafkaClients.header(record, "ce_type")).isEqualTo(EventTypes.INVOICE_ISSUED);
        assertThat(KafkaClients.header(record, "ce_source")).isEqualTo("/voltstream/billing-service");
        EventSchemas.assertValid("InvoiceIssued", record.value());
        assertThat(record.value()).contains("\"amount\":8.30"); // 20 × 0.39 + 5 × 0.10
    }

    @Test
    void outboxRowsArePublishedToTheBrokerAndMarked() throws Exception {
        String accountId = TestEvents.unique("acc");
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), accountId, 10, 0);

        sendSession(session);

        String transactionId = "chg-inv-" + session.sessionId();
        List<ConsumerRecord<String, String>> payments = kafka.readUntil(Topics.TRANSACTIONS,
                seen -> seen.stream().anyMatch(r -> transactionId.equals(KafkaClients.header(r, "ce_id"))), WAIT);
        ConsumerRecord<String, String> payment = payments.stream()
                .filter(r -> transactionId.equals(KafkaClients.header(r, "ce_id"))).findFirst().orElseThrow();
        assertThat(payment.key()).isEqualTo(accountId);
        EventSchemas.assertValid("Transaction", payment.value());
        await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() ->
                OutboxEvent.<OutboxEvent>list("messageKey", accountId)).stream()
                .allMatch(row -> row.publishedAt != null));
        assertThat(QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count("messageKey", accountId)))
                .isEqualTo(2); // InvoiceIssued + the CHARGING transaction
    }

    @Test
    void balancesEqualLedgerSumsAfterManyPayments() throws Exception {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict last = null;
        for (int i = 1; i <= 8; i++) {
            last = approved(accountId, i + ".25");
            sendVerdict(last);
        }
        String lastId = last.transactionId();

        await().atMost(WAIT).until(() -> posted(lastId));
        // 8 payments of n + 0.25 for n = 1..8: 36 + 2 = 38
        assertThat(balance(accountId)).isEqualByComparingTo("4962.00");
        given().get("/api/consistency").then().statusCode(200)
                .body("consistent", equalTo(true));
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        String id = TestEvents.unique("poison");
        String garbage = "{\"eventId\":\"" + id + "\", this is not json";

        kafka.send(Topics.CHARGING_SESSIONS, "st-001", EventTypes.SESSION_COMPLETED, id, garbage);

        List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.deadLetter(Topics.CHARGING_SESSIONS),
                seen -> seen.stream().anyMatch(r -> garbage.equals(r.value())), WAIT);
        ConsumerRecord<String, String> record = dead.stream().filter(r -> garbage.equals(r.value())).findFirst()
                .orElseThrow();
        assertThat(record.key()).isEqualTo("st-001");
        assertThat(KafkaClients.header(record, "dead-letter-reason")).contains("cannot read SessionCompleted");
        assertThat(KafkaClients.header(record, "dead-letter-topic")).isEqualTo(Topics.CHARGING_SESSIONS);
    }

    private void sendVerdict(TransactionVerdict verdict) throws Exception {
        kafka.send(Topics.TRANSACTION_VERDICTS, verdict.accountId(), EventTypes.TRANSACTION_VERDICT, verdict.eventId(),
                EventJson.write(verdict));
    }

    private void sendSession(SessionCompleted session) throws Exception {
        kafka.send(Topics.CHARGING_SESSIONS, session.stationId(), EventTypes.SESSION_COMPLETED, session.eventId(),
                EventJson.write(session));
    }

    private static TransactionVerdict approved(String accountId, String amount) {
        return TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, amount), Verdict.APPROVED);
    }

    private static boolean posted(String transactionId) {
        return QuarkusTransaction.requiringNew().call(() -> LedgerEntry.postingExists("tx:" + transactionId));
    }

    private static BigDecimal balance(String accountId) {
        return QuarkusTransaction.requiringNew().call(() -> Account.byId(accountId).orElseThrow().balance);
    }
}
