package dev.voltstream.fraud.it;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.fraud.domain.VerdictRecord;
import dev.voltstream.fraud.rules.RuleNames;
import dev.voltstream.fraud.rules.Transactions;
import dev.voltstream.fraud.service.FraudMetrics;
import dev.voltstream.kit.consumer.ConsumerMetrics;
import dev.voltstream.kit.db.Outbox;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSchemas;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** fraud-service on the real Kafka connector: the in-process Voltstream broker and a real PostgreSQL. */
@QuarkusTest
@TestProfile(BrokerAndPostgres.class)
class FraudServiceIT {
    private static final Logger LOG = Logger.getLogger(FraudServiceIT.class);
    private static final int LOAD = Integer.getInteger("fraud.it.load", 5_000);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    MeterRegistry registry;
    @Inject
    FraudMetrics metrics;
    @Inject
    ConsumerMetrics consumerMetrics;
    @Inject
    Outbox outbox;

    private TopicProbe probe;
    private final String account = "acc-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant now = Instant.now();

    @BeforeEach
    void clients() {
        probe = new TopicProbe(bootstrap);
    }

    @AfterEach
    void close() {
        probe.close();
    }

    private TransactionVerdict verdictOf(Transaction tx) {
        List<ConsumerRecord<String, String>> records = probe.awaitRecords("transaction-verdicts",
                v -> v.contains("\"transactionId\":\"" + tx.transactionId() + "\""));
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(record.key()).isEqualTo(tx.accountId());
        assertThat(TopicProbe.header(record, "ce_type")).isEqualTo(EventTypes.TRANSACTION_VERDICT);
        assertThat(TopicProbe.header(record, "ce_id")).isEqualTo("verdict-" + tx.transactionId());
        EventSchemas.assertValid("TransactionVerdict", record.value());
        return EventJson.read(record.value(), TransactionVerdict.class);
    }

    private FraudAlert alertOf(Transaction tx) {
        ConsumerRecord<String, String> record = probe.awaitRecords("fraud-alerts",
                v -> v.contains("\"transactionId\":\"" + tx.transactionId() + "\"")).get(0);
        assertThat(TopicProbe.header(record, "ce_type")).isEqualTo(EventTypes.FRAUD_ALERT);
        EventSchemas.assertValid("FraudAlert", record.value());
        return EventJson.read(record.value(), FraudAlert.class);
    }

    private Transaction sent(String amount, Instant at, GeoLocation where) {
        Transaction tx = Transactions.tx(account, amount, at, where);
        probe.send(tx);
        return tx;
    }

    @Test
    void overThePerTransactionLimitIsDeclined() {
        Transaction tx = sent("2500.00", now, Transactions.BERLIN);

        TransactionVerdict v = verdictOf(tx);
        assertThat(v.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(v.reasons()).containsExactly(RuleNames.PER_TRANSACTION_LIMIT);
    }

    @Test
    void overTheDailyLimitIsDeclined() {
        sent("1900.00", now.minusSeconds(300), Transactions.BERLIN);
        sent("1900.00", now.minusSeconds(200), Transactions.BERLIN);
        Transaction third = sent("1900.00", now.minusSeconds(100), Transactions.BERLIN);

        TransactionVerdict v = verdictOf(third);
        assertThat(v.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(v.reasons()).containsExactly(RuleNames.DAILY_LIMIT);
    }

    @Test
    void aBlockedAccountIsDeclined() {
        given().contentType(ContentType.JSON).body("{\"reason\":\"test\"}").put("/api/accounts/{id}/block", account)
                .then().statusCode(200);

        TransactionVerdict v = verdictOf(sent("5.00", now, Transactions.BERLIN));
        assertThat(v.reasons()).containsExactly(RuleNames.ACCOUNT_BLOCKED);
    }

    @Test
    void aBurstFiresVelocityWithAnAlert() {
        Transaction sixth = null;
        for (int i = 0; i < 6; i++) {
            sixth = sent("5.00", now.plusSeconds(i), Transactions.BERLIN);
        }

        TransactionVerdict v = verdictOf(sixth);
        assertThat(v.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(v.reasons()).containsExactly(RuleNames.VELOCITY);
        assertThat(alertOf(sixth).severity()).isEqualTo("HIGH");
    }

    @Test
    void anOutsizedAmountFiresAnAnomalyAlertButIsApproved() {
        for (int i = 0; i < 5; i++) {
            sent("100.00", now.minus(Duration.ofMinutes(10)).plusSeconds(61L * i), Transactions.BERLIN);
        }
        Transaction big = sent("600.00", now, Transactions.BERLIN);

        TransactionVerdict v = verdictOf(big);
        assertThat(v.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(v.reasons()).containsExactly(RuleNames.AMOUNT_ANOMALY);
        FraudAlert alert = alertOf(big);
        assertThat(alert.rule()).isEqualTo(RuleNames.AMOUNT_ANOMALY);
        assertThat(alert.severity()).isEqualTo("MEDIUM");
    }

    @Test
    void berlinThenMadridAMinuteLaterFiresImpossibleTravel() {
        sent("10.00", now, Transactions.BERLIN);
        Transaction madrid = sent("10.00", now.plusSeconds(60), Transactions.MADRID);

        TransactionVerdict v = verdictOf(madrid);
        assertThat(v.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(v.reasons()).containsExactly(RuleNames.IMPOSSIBLE_TRAVEL);
        assertThat(alertOf(madrid).rule()).isEqualTo(RuleNames.IMPOSSIBLE_TRAVEL);
    }

    @Test
    void aRedeliveredTransactionGetsOneVerdict() {
        Transaction tx = sent("10.00", now, Transactions.BERLIN);
        TransactionVerdict first = verdictOf(tx);
        double redelivered = registry.counter("fraud_redelivered_transactions_total").count();

        probe.send(tx);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.counter("fraud_redelivered_transactions_total").count() > redelivered);
        // the first verdict's outbox row was published before we saw it; nothing new may appear
        given().get("/q/health/ready").then().statusCode(200);

        List<ConsumerRecord<String, String>> all = probe.readAll("transaction-verdicts").stream()
                .filter(r -> r.value().contains("\"transactionId\":\"" + tx.transactionId() + "\"")).toList();
        assertThat(all).hasSize(1);
        assertThat(EventJson.read(all.get(0).value(), TransactionVerdict.class)).isEqualTo(first);
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReason() {
        String marker = "poison-" + UUID.randomUUID();
        probe.send(account, "{\"transactionId\":\"" + marker + "\",", EventTypes.TRANSACTION, marker);

        ConsumerRecord<String, String> dead = probe.awaitRecords("transactions.dlq", v -> v.contains(marker)).get(0);
        assertThat(dead.key()).isEqualTo(account);
        assertThat(TopicProbe.header(dead, "dead-letter-reason")).contains("not a valid Transaction");
        assertThat(TopicProbe.header(dead, "dead-letter-topic")).isEqualTo("transactions");
    }

    @Test
    void recordsWithAnUnknownOrNoTypeAreDeadLetteredWithTheirReasonAndTheNextRecordIsDecided() {
        double unknownBefore = consumerMetrics.deadLetteredCount("transactions", "unknown-type");
        double missingBefore = consumerMetrics.deadLetteredCount("transactions", "missing-type");
        String unknown = "thing-" + UUID.randomUUID();
        String untyped = "untyped-" + UUID.randomUUID();
        probe.send(account, "{\"whatever\":\"" + unknown + "\"}", "dev.voltstream.future.Thing", unknown);
        // a Transaction without ce_type is no longer guessed to be one: every service treats it the same way
        Transaction untypedTx = Transactions.tx(account, "10.00", now, Transactions.BERLIN);
        probe.send(account, EventJson.write(untypedTx).replace("{", "{\"note\":\"" + untyped + "\","), null, untyped);
        Transaction next = sent("10.00", now, Transactions.BERLIN);

        assertThat(verdictOf(next).verdict()).isEqualTo(Verdict.APPROVED);
        ConsumerRecord<String, String> deadUnknown =
                probe.awaitRecords("transactions.dlq", v -> v.contains(unknown)).get(0);
        assertThat(TopicProbe.header(deadUnknown, "dead-letter-reason"))
                .isEqualTo("unknown ce_type dev.voltstream.future.Thing");
        ConsumerRecord<String, String> deadUntyped =
                probe.awaitRecords("transactions.dlq", v -> v.contains(untyped)).get(0);
        assertThat(TopicProbe.header(deadUntyped, "dead-letter-reason")).isEqualTo("record has no ce_type header");
        assertThat(consumerMetrics.deadLetteredCount("transactions", "unknown-type")).isEqualTo(unknownBefore + 1);
        assertThat(consumerMetrics.deadLetteredCount("transactions", "missing-type")).isEqualTo(missingBefore + 1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> VerdictRecord.count("transactionId", untypedTx.transactionId())))
                .as("the untyped record was not decided").isZero();
    }

    @Test
    void oneBatchWithASameAccountPairADuplicateAndAPoisonIsDecidedAndCommittedPastThePoison() {
        Transaction berlin = Transactions.tx(account, "10.00", now, Transactions.BERLIN);
        // declined only when decided after Berlin, which is earlier in the same batch
        Transaction madrid = Transactions.tx(account, "10.00", now.plusSeconds(60), Transactions.MADRID);
        Transaction later = Transactions.tx(account, "10.00", now.plusSeconds(180), Transactions.BERLIN);
        String marker = "poison-" + UUID.randomUUID();
        double redelivered = metrics.redeliveredCount();

        List<RecordMetadata> stored = probe.sendTogether(List.of(record(berlin),
                TopicProbe.transactionRecord(account, "{\"transactionId\":\"" + marker + "\",", EventTypes.TRANSACTION,
                        marker),
                record(madrid), record(berlin), record(later)));

        assertThat(verdictOf(berlin).verdict()).isEqualTo(Verdict.APPROVED);
        TransactionVerdict far = verdictOf(madrid);
        assertThat(far.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(far.reasons()).containsExactly(RuleNames.IMPOSSIBLE_TRAVEL);
        assertThat(verdictOf(later).verdict()).isEqualTo(Verdict.APPROVED);
        ConsumerRecord<String, String> dead = probe.awaitRecords("transactions.dlq", v -> v.contains(marker)).get(0);
        assertThat(TopicProbe.header(dead, "dead-letter-reason")).contains("not a valid Transaction");
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.redeliveredCount() > redelivered);

        // A restarted member starts from the committed offset: it must be past the whole batch, poison included.
        RecordMetadata last = stored.get(stored.size() - 1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                probe.committed("fraud-service", "transactions").getOrDefault(last.partition(), -1L) > last.offset());
        assertThat(probe.readAll("transactions.dlq").stream().filter(r -> r.value().contains(marker))).hasSize(1);
        List<String> verdictIds = probe.readAll("transaction-verdicts").stream()
                .map(r -> EventJson.read(r.value(), TransactionVerdict.class).transactionId())
                .filter(id -> id.equals(berlin.transactionId()) || id.equals(madrid.transactionId())
                        || id.equals(later.transactionId())).toList();
        assertThat(verdictIds).containsExactlyInAnyOrder(berlin.transactionId(), madrid.transactionId(),
                later.transactionId());
    }

    /** Not a check: how long {@value #LOAD} transactions take from sending to all verdicts stored and published. */
    @Test
    void measuresTheTimeToDecideALoad() {
        String prefix = "acc-load-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<ProducerRecord<String, String>> records = new ArrayList<>(LOAD);
        for (int i = 0; i < LOAD; i++) {
            Transaction tx = Transactions.tx(prefix + (i % 500), "10.00", now.plusMillis(i), Transactions.BERLIN);
            records.add(record(tx));
        }
        long start = System.nanoTime();
        probe.sendTogether(records);
        long sent = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> VerdictRecord.count("accountId like ?1", prefix + "%"))
                        == LOAD);
        long decided = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                outbox.pending().count() == 0);
        long published = System.nanoTime();
        LOG.infof("load: %d transactions sent in %d ms; all decided after %d ms (%.0f tx/s), all published after %d ms",
                LOAD, (sent - start) / 1_000_000, (decided - start) / 1_000_000,
                LOAD * 1e9 / (decided - start), (published - start) / 1_000_000);
    }

    private static ProducerRecord<String, String> record(Transaction tx) {
        return TopicProbe.transactionRecord(tx.accountId(), EventJson.write(tx), EventTypes.TRANSACTION,
                tx.eventId());
    }
}
