package dev.voltstream.fraud.it;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.fraud.rules.RuleNames;
import dev.voltstream.fraud.rules.Transactions;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.InProcessBroker;
import dev.voltstream.testkit.PostgresDatabase;
import dev.voltstream.testkit.PostgresFixture;
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
 * Runs after {@code package} (failsafe), on the jar a user would run.
 */
class RestartIT {
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
                for (int i = 0; i < 3; i++) {
                    sent.add(Transactions.tx(account, "5.00", start.plusSeconds(i), Transactions.BERLIN));
                    probe.send(sent.get(i));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> verdicts(probe, sent).size() == 3);
                await().atMost(Duration.ofSeconds(30)).until(() -> first.get("/q/health/ready").body()
                        .contains("\"pending\": 0"));
                first.kill();
            }
            try (ServiceProcess second = ServiceProcess.start(broker.bootstrapServers(), db,
                    Path.of("target", "restart-it-second.log"))) {
                for (int i = 3; i < 6; i++) {
                    sent.add(Transactions.tx(account, "5.00", start.plusSeconds(i), Transactions.BERLIN));
                    probe.send(sent.get(i));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> verdicts(probe, sent).size() == 6);
            }
            List<TransactionVerdict> verdicts = verdicts(probe, sent);
            assertThat(verdicts).extracting(TransactionVerdict::transactionId)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(Transaction::transactionId).toList());
            TransactionVerdict sixth = verdicts.stream()
                    .filter(v -> v.transactionId().equals(sent.get(5).transactionId())).findFirst().orElseThrow();
            assertThat(sixth.verdict()).isEqualTo(Verdict.DECLINED);
            assertThat(sixth.reasons()).containsExactly(RuleNames.VELOCITY);
            assertThat(verdicts.stream().filter(v -> v.verdict() == Verdict.APPROVED)).hasSize(5);
        }
    }

    /** Every verdict record on the topic for one of {@code sent} (duplicates included). */
    private static List<TransactionVerdict> verdicts(TopicProbe probe, List<Transaction> sent) {
        List<String> ids = sent.stream().map(Transaction::transactionId).toList();
        return probe.readAll("transaction-verdicts").stream()
                .map(r -> EventJson.read(r.value(), TransactionVerdict.class))
                .filter(v -> ids.contains(v.transactionId())).toList();
    }
}
