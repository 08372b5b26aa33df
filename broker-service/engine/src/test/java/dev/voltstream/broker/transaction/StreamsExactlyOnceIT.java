package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * Kafka Streams 4.1 with {@code processing.guarantee=exactly_once_v2} on one broker: a stateless application
 * ({@link StreamsUppercaseApp}, filter + mapValues) runs in its own JVM and is SIGKILLed while it copies, then started
 * again; read with read_committed, the output holds every kept input record exactly once (the killed
 * instance's open transaction is aborted when the new instance takes over its transactional id, or times out).
 */
@Timeout(240)
class StreamsExactlyOnceIT {
    private static final int TOTAL = 20_000;

    @TempDir
    Path dir;
    Process app;

    @AfterEach
    void stopApp() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledExactlyOnceV2ApplicationResumesWithoutDuplicatesOrLoss() throws Exception {
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"),
                Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500"));
             Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic("streams-in", 2, (short) 1),
                    new NewTopic("streams-out", 2, (short) 1))).all().get();
            try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
                for (int i = 0; i < TOTAL; i++) {
                    producer.send(new ProducerRecord<>("streams-in", "k" + i, (i % 10 == 0 ? "skip-" : "v-") + i));
                }
            }
            app = startApp(broker);
            // SIGKILL while it copies: its transaction in flight is aborted (by its successor or by its timeout).
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> outputSize(broker) > TOTAL / 10);
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            app = startApp(broker);
            int kept = TOTAL - TOTAL / 10;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> outputSize(broker) >= kept);
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
            List<String> out = TransactionsIT.values(TransactionsIT.readAll(broker, "streams-out",
                    IsolationLevel.READ_COMMITTED));
            assertThat(out).as("output, read_committed").hasSize(kept).doesNotHaveDuplicates();
            assertThat(Set.copyOf(out)).isEqualTo(IntStream.range(0, TOTAL).filter(i -> i % 10 != 0)
                    .mapToObj(i -> "V-" + i).collect(Collectors.toSet()));
        }
    }

    private static int outputSize(TestBroker broker) {
        return TransactionsIT.readAll(broker, "streams-out", IsolationLevel.READ_COMMITTED).size();
    }

    private Process startApp(TestBroker broker) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("app.out");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StreamsUppercaseApp.class.getName(),
                broker.bootstrapServers(), "streams-in", "streams-out", dir.resolve("state").toString()));
        Files.createDirectories(dir.resolve("state"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    }
}
