package dev.voltstream.fraud.it;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.fraud.rules.RuleNames;
import dev.voltstream.fraud.rules.Transactions;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.InProcessBroker;
import dev.voltstream.testkit.PostgresDatabase;
import dev.voltstream.testkit.PostgresFixture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rule state lives in PostgreSQL: the packaged service is killed (SIGKILL) after three transactions of an account, a
 * new process continues, and the velocity window still holds the first three, so the sixth transaction fires VELOCITY.
 * Before that, a polled batch with a poison record is dead-lettered and committed: the new process does not get it
 * again.
 * Runs after {@code package} (failsafe), on the jar a user would run.
 */
class RestartIT {
    private static final String POISON = "poison-restart-1";
    private static InProcessBroker broker;
    private static PostgresDatabase db;

    @BeforeAll
    static void infrastructure() {
        Assumptions.assumeTrue(ServiceProcess.packaged(), "needs target/quarkus-app (run with mvn verify)");
        broker = InProcessBroker.start();
        db = PostgresFixture.newDatabase("fraud_restart");
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (db != null) {
            PostgresFixture.drop(db);
        }
    }

    @Test
    void theVelocityWindowSurvivesAKill() throws Exception {
        String account = "acc-restart-1";
        Instant start = Instant.now();
        List<Transaction> sent = new ArrayList<>();
        try (TopicProbe probe = new TopicProbe(broker.bootstrapServers())) {
            try (ServiceProcess first = ServiceProcess.start(broker.bootstrapServers(), db,
                    Path.of("target", "restart-it-first.log"))) {
                // First a polled batch with a poison record in it: once dead-lettered and committed, the next
                // process must not get that batch again (it would dead-letter the poison a second time).
                Transaction before = Transactions.tx("acc-restart-2", "5.00", start, Transactions.BERLIN);
                sent.add(before);
                List<RecordMetadata> batch = probe.sendTogether(List.of(
                        TopicProbe.transactionRecord(before.accountId(), EventJson.write(before),
                                EventTypes.TRANSACTION, before.eventId()),
                        TopicProbe.transactionRecord(before.accountId(), "{\"transactionId\":\"" + POISON + "\",",
                                EventTypes.TRANSACTION, POISON)));
                RecordMetadata last = batch.get(batch.size() - 1);
                await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters(probe) == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> probe.committed("fraud-service", "transactions")
                        .getOrDefault(last.partition(), -1L) > last.offset());
                for (int i = 1; i < 4; i++) {
                    sent.add(Transactions.tx(account, "5.00", start.plusSeconds(i), Transactions.BERLIN));
                    probe.send(sent.get(i));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> verdicts(probe, sent).size() == 4);
                await().atMost(Duration.ofSeconds(30)).until(() -> first.get("/q/health/ready").body()
                        .contains("\"pending\": 0"));
                first.kill();
            }
            try (ServiceProcess second = ServiceProcess.start(broker.bootstrapServers(), db,
                    Path.of("target", "restart-it-second.log"))) {
                for (int i = 4; i < 7; i++) {
                    sent.add(Transactions.tx(account, "5.00", start.plusSeconds(i), Transactions.BERLIN));
                    probe.send(sent.get(i));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> verdicts(probe, sent).size() == 7);
            }
            assertThat(deadLetters(probe)).as("the poison batch was not redelivered").isEqualTo(1);
            List<TransactionVerdict> verdicts = verdicts(probe, sent);
            assertThat(verdicts).extracting(TransactionVerdict::transactionId)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(Transaction::transactionId).toList());
            TransactionVerdict sixth = verdicts.stream()
                    .filter(v -> v.transactionId().equals(sent.get(6).transactionId())).findFirst().orElseThrow();
            assertThat(sixth.verdict()).isEqualTo(Verdict.DECLINED);
            assertThat(sixth.reasons()).containsExactly(RuleNames.VELOCITY);
            assertThat(verdicts.stream().filter(v -> v.verdict() == Verdict.APPROVED)).hasSize(6);
        }
    }

    private static long deadLetters(TopicProbe probe) {
        return probe.readAll("transactions.dlq").stream().filter(r -> r.value().contains(POISON)).count();
    }

    /** Every verdict record on the topic for one of {@code sent} (duplicates included). */
    private static List<TransactionVerdict> verdicts(TopicProbe probe, List<Transaction> sent) {
        List<String> ids = sent.stream().map(Transaction::transactionId).toList();
        return probe.readAll("transaction-verdicts").stream()
                .map(r -> EventJson.read(r.value(), TransactionVerdict.class))
                .filter(v -> ids.contains(v.transactionId())).toList();
    }
}
