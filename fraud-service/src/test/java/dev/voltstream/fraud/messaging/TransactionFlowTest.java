package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.fraud.rules.RuleNames;
import dev.voltstream.fraud.rules.Transactions;
import dev.voltstream.fraud.service.AccountBlocking;
import dev.voltstream.fraud.service.FraudMetrics;
import dev.voltstream.kit.consumer.ConsumerMetrics;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.kit.db.Outbox;
import dev.voltstream.kit.db.OutboxRelay;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import dev.voltstream.testkit.EventSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The consumer → decision → outbox → relay flow over in-memory channels and a real PostgreSQL. */
@QuarkusTest
@TestProfile(InMemoryChannels.class)
class TransactionFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    @Connector("smallrye-in-memory")
    InMemoryConnector connector;
    @Inject
    AccountBlocking blocking;
    @Inject
    FraudMetrics metrics;
    @Inject
    ConsumerMetrics consumerMetrics;
    @Inject
    Outbox outbox;

    private InMemorySource<Message<List<String>>> transactions;
    /** What the outbox relay sent, to every topic (its one channel). */
    private InMemorySink<String> outboxSent;
    private final String account = "acc-mem-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void channels() {
        transactions = connector.source(Channels.TRANSACTIONS);
        outboxSent = connector.sink(OutboxRelay.CHANNEL);
    }

    /** Sends a batch of one record; how the record was acknowledged (null = acked, else the nack's cause). */
    private Throwable send(TestMessages.Tracked tracked) {
        return sendBatch(tracked).get(0);
    }

    /** Sends one polled batch; how each record was acknowledged, in order. */
    private List<Throwable> sendBatch(TestMessages.Tracked... records) {
        return TestMessages.sendBatch(transactions, WAIT, records);
    }

    private List<? extends Message<String>> verdictsOf(String transactionId) {
        return sentTo(Topics.TRANSACTION_VERDICTS)
                .filter(m -> EventJson.read(m.getPayload(), TransactionVerdict.class).transactionId()
                        .equals(transactionId))
                .toList();
    }

    /** The records the outbox relay sent to {@code topic}. */
    private java.util.stream.Stream<? extends Message<String>> sentTo(String topic) {
        return outboxSent.received().stream().filter(m -> m.getMetadata(OutgoingKafkaRecordMetadata.class)
                .map(k -> topic.equals(k.getTopic())).orElse(false));
    }

    private TransactionVerdict awaitVerdict(String transactionId) {
        await().atMost(WAIT).until(() -> !verdictsOf(transactionId).isEmpty());
        return EventJson.read(verdictsOf(transactionId).get(0).getPayload(), TransactionVerdict.class);
    }

    private void awaitOutboxDrained() {
        await().atMost(WAIT).until(() -> outbox.pending().count() == 0);
    }

    @Test
    void anOrdinaryTransactionGetsOneApprovedVerdictWithCloudEventsMetadata() {
        Transaction tx = Transactions.tx(account, "42.50", Instant.now());

        assertThat(send(TestMessages.transaction(tx))).as("acked").isNull();
        TransactionVerdict verdict = awaitVerdict(tx.transactionId());

        assertThat(verdict.verdict()).isEqualTo(Verdict.APPROVED);
        assertThat(verdict.eventId()).isEqualTo("verdict-" + tx.transactionId());
        assertThat(verdict.transaction()).isEqualTo(tx);
        Message<String> record = verdictsOf(tx.transactionId()).get(0);
        assertThat(record.getMetadata(OutgoingKafkaRecordMetadata.class)).get()
                .satisfies(m -> assertThat(m.getKey()).isEqualTo(account));
        @SuppressWarnings("unchecked")
        OutgoingCloudEventMetadata<String> ce = record.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow();
        assertThat(ce.getId()).isEqualTo(verdict.eventId());
        assertThat(ce.getType()).isEqualTo(EventTypes.TRANSACTION_VERDICT);
        assertThat(ce.getSource().toString()).isEqualTo(Channels.SOURCE);
        assertThat(ce.getSubject()).contains(account);
    }

    @Test
    void aRedeliveredTransactionKeepsItsStoredVerdict() {
        Transaction tx = Transactions.tx(account, "10.00", Instant.now());
        send(TestMessages.transaction(tx));
        TransactionVerdict first = awaitVerdict(tx.transactionId());
        // Blocking now would decline a new decision: the redelivery must not make one.
        blocking.block(account, "test");

        assertThat(send(TestMessages.transaction(tx))).as("redelivery acked").isNull();
        awaitOutboxDrained();

        // the outbox is drained and published the verdict once: the redelivery added no row of its own
        assertThat(verdictsOf(tx.transactionId())).hasSize(1);
        assertThat(first.verdict()).isEqualTo(Verdict.APPROVED);
    }

    @Test
    void aTransactionIdWithQuotesCommasAndBracesIsFoundAgainOnRedelivery() {
        // the batch's ids travel to PostgreSQL as one text[] literal: its quoting must keep such an id whole
        Transaction plain = Transactions.tx(account, "10.00", Instant.now());
        String odd = plain.transactionId() + "-\"a,b\"-{c}-\\";
        Transaction tx = new Transaction(odd, odd, account, plain.type(), plain.amount(), plain.currency(),
                plain.terminalId(), plain.location(), plain.invoiceId(), plain.occurredAt());
        send(TestMessages.transaction(tx));
        assertThat(awaitVerdict(odd).verdict()).isEqualTo(Verdict.APPROVED);
        blocking.block(account, "test");

        assertThat(send(TestMessages.transaction(tx))).as("redelivery acked").isNull();
        awaitOutboxDrained();

        assertThat(verdictsOf(odd)).hasSize(1);
    }

    @Test
    void aPoisonRecordIsNacked() {
        Throwable cause = send(TestMessages.withType("{\"transactionId\": ", EventTypes.TRANSACTION, "bad-1"));

        assertThat(cause).isInstanceOf(PoisonRecordException.class).hasMessageStartingWith("not a valid Transaction");
    }

    @Test
    void anUnknownTypeIsCountedAndDeadLettered() {
        double before = consumerMetrics.deadLetteredCount("transactions", "unknown-type");

        Throwable outcome = send(TestMessages.withType("{}", "dev.voltstream.SomethingNew", "new-1"));

        assertThat(outcome).isInstanceOf(PoisonRecordException.class)
                .hasMessage("unknown ce_type dev.voltstream.SomethingNew");
        assertThat(consumerMetrics.deadLetteredCount("transactions", "unknown-type")).isEqualTo(before + 1);
    }

    @Test
    void theGoldenSampleIsDecided() {
        Transaction sample = EventSamples.read(Transaction.class);

        assertThat(send(TestMessages.withType(EventSamples.json("Transaction"), EventTypes.TRANSACTION,
                sample.eventId()))).isNull();

        assertThat(awaitVerdict(sample.transactionId()).transaction()).isEqualTo(sample);
    }

    @Test
    void emittedVerdictsAndAlertsValidateAgainstTheirSchemas() {
        Instant now = Instant.now();
        send(TestMessages.transaction(Transactions.tx(account, "10.00", now, Transactions.BERLIN)));
        Transaction far = Transactions.tx(account, "10.00", now.plusSeconds(60), Transactions.MADRID);
        send(TestMessages.transaction(far));

        TransactionVerdict verdict = awaitVerdict(far.transactionId());
        assertThat(verdict.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(verdict.reasons()).containsExactly(RuleNames.IMPOSSIBLE_TRAVEL);
        await().atMost(WAIT).until(() -> sentTo(Topics.FRAUD_ALERTS)
                .anyMatch(m -> m.getPayload().contains(far.transactionId())));

        EventSchemas.assertValid("TransactionVerdict", verdictsOf(far.transactionId()).get(0).getPayload());
        List<String> alertJson = sentTo(Topics.FRAUD_ALERTS).map(Message::getPayload)
                .filter(p -> p.contains(far.transactionId())).toList();
        assertThat(alertJson).singleElement().satisfies(json -> {
            EventSchemas.assertValid("FraudAlert", json);
            assertThat(EventJson.read(json, FraudAlert.class).rule()).isEqualTo(RuleNames.IMPOSSIBLE_TRAVEL);
        });
    }

    @Test
    void oneBatchDecidesInRecordOrderDedupsAndDeadLettersOnlyThePoisonAndTheUnknownType() {
        Instant now = Instant.now();
        String other = account + "-b";
        Transaction berlin = Transactions.tx(account, "10.00", now, Transactions.BERLIN);
        // Only a decision that saw Berlin (earlier in the same batch) can call Madrid a minute later impossible.
        Transaction madrid = Transactions.tx(account, "10.00", now.plusSeconds(60), Transactions.MADRID);
        Transaction elsewhere = Transactions.tx(other, "2500.00", now, Transactions.BERLIN);
        double redelivered = metrics.redeliveredCount();

        List<Throwable> outcomes = sendBatch(TestMessages.transaction(berlin),
                TestMessages.withType("{\"transactionId\": ", EventTypes.TRANSACTION, "bad-batch"),
                TestMessages.transaction(madrid), TestMessages.transaction(berlin),
                TestMessages.withType("{}", "dev.voltstream.SomethingNew", "new-batch"),
                TestMessages.transaction(elsewhere));

        assertThat(outcomes.get(1)).isInstanceOf(PoisonRecordException.class);
        assertThat(outcomes.get(4)).isInstanceOf(PoisonRecordException.class);
        assertThat(outcomes.stream().filter(o -> o == null)).as("all but the two poison records acked").hasSize(4);
        assertThat(awaitVerdict(berlin.transactionId()).verdict()).isEqualTo(Verdict.APPROVED);
        TransactionVerdict far = awaitVerdict(madrid.transactionId());
        assertThat(far.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(far.reasons()).containsExactly(RuleNames.IMPOSSIBLE_TRAVEL);
        assertThat(awaitVerdict(elsewhere.transactionId()).reasons()).containsExactly(RuleNames.PER_TRANSACTION_LIMIT);
        awaitOutboxDrained();
        assertThat(verdictsOf(berlin.transactionId())).as("the duplicate inside the batch").hasSize(1);
        assertThat(metrics.redeliveredCount()).isEqualTo(redelivered + 1);
    }

    @Test
    void aBurstInsideOneBatchFiresVelocityOnTheSixth() {
        Instant now = Instant.now();
        TestMessages.Tracked[] burst = new TestMessages.Tracked[6];
        Transaction sixth = null;
        for (int i = 0; i < burst.length; i++) {
            sixth = Transactions.tx(account, "5.00", now.plusSeconds(i));
            burst[i] = TestMessages.transaction(sixth);
        }

        assertThat(sendBatch(burst)).containsOnlyNulls();

        TransactionVerdict verdict = awaitVerdict(sixth.transactionId());
        assertThat(verdict.verdict()).isEqualTo(Verdict.DECLINED);
        assertThat(verdict.reasons()).containsExactly(RuleNames.VELOCITY);
    }
}
