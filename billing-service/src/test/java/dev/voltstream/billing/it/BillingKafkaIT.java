package dev.voltstream.billing.it;

import dev.voltstream.billing.TestEvents;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.EntryType;
import dev.voltstream.billing.domain.Invoice;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.OutboxRows;
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
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private static final Logger LOG = Logger.getLogger(BillingKafkaIT.class);

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
    void outboxRowsArePublishedToTheBrokerAndThenDeleted() throws Exception {
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
        List<ConsumerRecord<String, String>> invoices = kafka.readUntil(Topics.INVOICES,
                seen -> seen.stream().anyMatch(r -> accountId.equals(r.key())), WAIT);
        assertThat(invoices).filteredOn(r -> accountId.equals(r.key())).hasSize(1);
        // both rows (InvoiceIssued + the CHARGING transaction) are gone once the broker acknowledged them
        await().atMost(WAIT).until(() -> OutboxRows.where("record_key", accountId) == 0);
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
        assertThat(KafkaClients.header(record, "dead-letter-reason")).contains("not a valid SessionCompleted");
        assertThat(KafkaClients.header(record, "dead-letter-topic")).isEqualTo(Topics.CHARGING_SESSIONS);
    }

    @Test
    void aBatchWithSeveralVerdictsOfOneAccountADuplicateAndAPoisonRecord() throws Exception {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict a = approved(accountId, "10.00");
        TransactionVerdict b = approved(accountId, "20.50");
        TransactionVerdict c = approved(accountId, "30.25");
        String poisonId = TestEvents.unique("poison");
        String garbage = "{\"eventId\":\"" + poisonId + "\", not a verdict";
        List<String[]> records = new ArrayList<>();
        for (TransactionVerdict v : List.of(a, b, a, c)) { // a twice: a redelivery inside the batch
            records.add(verdictRecord(v));
        }
        records.add(2, new String[] {accountId, EventTypes.TRANSACTION_VERDICT, poisonId, garbage});

        kafka.sendAll(Topics.TRANSACTION_VERDICTS, records); // one produce round, so most likely one polled batch
        Map<TopicPartition, Long> end = kafka.endOffsets(Topics.TRANSACTION_VERDICTS);

        await().atMost(WAIT).until(() -> posted(c.transactionId()));
        assertThat(balance(accountId)).isEqualByComparingTo("4939.25"); // 5000 − 10 − 20.50 − 30.25
        assertThat(QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count("accountId", accountId))).isEqualTo(4);
        given().get("/api/consistency").then().statusCode(200).body("consistent", equalTo(true));
        List<ConsumerRecord<String, String>> dead = kafka.readUntil(Topics.deadLetter(Topics.TRANSACTION_VERDICTS),
                seen -> seen.stream().anyMatch(r -> garbage.equals(r.value())), WAIT);
        List<ConsumerRecord<String, String>> ours = dead.stream().filter(r -> garbage.equals(r.value())).toList();
        assertThat(ours).hasSize(1);
        assertThat(KafkaClients.header(ours.get(0), "dead-letter-reason")).contains("not a valid TransactionVerdict");
        assertThat(KafkaClients.header(ours.get(0), "dead-letter-topic")).isEqualTo(Topics.TRANSACTION_VERDICTS);
        // the group commits past the batch, poison record included: a restart does not get the batch again
        await().atMost(WAIT).until(() -> {
            Map<TopicPartition, Long> committed = kafka.committed("billing-service");
            return end.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
    }

    @Test
    void manyVerdictsAreAppliedAndTheirTimeIsLogged() throws Exception {
        int n = 5_000;
        int accounts = 50;
        String run = TestEvents.unique("load");
        List<String[]> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String accountId = run + "-acc-" + (i % accounts);
            records.add(verdictRecord(TestEvents.verdict(
                    TestEvents.cardPayment(run + "-tx-" + i, accountId, "1.00"), Verdict.APPROVED)));
        }
        long start = System.nanoTime();
        kafka.sendAll(Topics.TRANSACTION_VERDICTS, records);
        long sent = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> QuarkusTransaction
                .requiringNew().call(() -> LedgerEntry.count("postingId like ?1 and entryType = ?2",
                        "tx:" + run + "-tx-%", EntryType.DEBIT)) == n);
        long applied = System.nanoTime();
        LOG.infof("applied %d verdicts of %d accounts in %d ms after the first was sent (sending took %d ms): %.0f/s",
                n, accounts, (applied - start) / 1_000_000, (sent - start) / 1_000_000,
                n * 1e9 / (applied - start));
        assertThat(balance(run + "-acc-0")).isEqualByComparingTo("4900.00"); // 100 payments of 1.00
        given().get("/api/consistency").then().statusCode(200).body("consistent", equalTo(true));
    }

    private static String[] verdictRecord(TransactionVerdict verdict) {
        return new String[] {verdict.accountId(), EventTypes.TRANSACTION_VERDICT, verdict.eventId(),
                EventJson.write(verdict)};
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
