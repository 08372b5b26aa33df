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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

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
 * Kafka Streams 4.1 with {@code processing.guarantee=exactly_once_v2} on one broker: an application
 * ({@link StreamsExactlyOnceApp}) runs in its own JVM and is SIGKILLed while it works, then started again. It copies
 * every kept record (stateless: filter + mapValues) and counts the kept records per key (stateful: a persistent store
 * with a changelog). Read with read_committed, the copy holds every kept input record exactly once, and each key's
 * counts are exactly 1, 2, ..., n in order: the restarted instance restored its store from the committed changelog
 * only, so it neither counted a record twice nor skipped one (the killed instance's open transaction, with its
 * output, changelog writes and offsets, is aborted when the new instance takes over its transactional id, or times
 * out).
 */
@Timeout(240)
class StreamsExactlyOnceIT {
    private static final int TOTAL = 20_000;
    private static final int KEYS = 97;
    private static final int INPUT_PER_SECOND = 4_000;

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
                    new NewTopic("streams-out", 2, (short) 1), new NewTopic("streams-counts", 2, (short) 1)))
                    .all().get();
            app = startApp(broker);
            await().atMost(Duration.ofSeconds(90)).until(() -> appOutput().contains("-> RUNNING"));
            // The input arrives while the application works, so it always has a transaction open with output,
            // changelog writes and offsets in it; SIGKILLed, that transaction is aborted (by its successor or by its
            // timeout).
            CompletableFuture<Void> input = CompletableFuture.runAsync(() -> produceInput(broker));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> outputSize(broker) > TOTAL / 10);
            assertThat(input).as("input still arriving when the application is killed").isNotDone();
            app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            input.get(60, TimeUnit.SECONDS);
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
            Map<String, List<Long>> counts = new TreeMap<>();
            TransactionsIT.readAll(broker, "streams-counts", IsolationLevel.READ_COMMITTED).forEach(r ->
                    counts.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Long.parseLong(r.value())));
            Map<String, Long> keptPerKey = IntStream.range(0, TOTAL).filter(i -> i % 10 != 0).boxed()
                    .collect(Collectors.groupingBy(StreamsExactlyOnceIT::key, TreeMap::new, Collectors.counting()));
            assertThat(counts.keySet()).as("counted keys").isEqualTo(keptPerKey.keySet());
            keptPerKey.forEach((key, n) -> assertThat(counts.get(key)).as("counts of %s, read_committed", key)
                    .isEqualTo(LongStream.rangeClosed(1, n).boxed().toList()));
        }
    }

    /** Writes the input at about {@link #INPUT_PER_SECOND} records a second. */
    private static void produceInput(TestBroker broker) {
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of("linger.ms", "5"))) {
            for (int i = 0; i < TOTAL; i++) {
                producer.send(new ProducerRecord<>("streams-in", key(i), (i % 10 == 0 ? "skip-" : "v-") + i));
                long due = start + TimeUnit.SECONDS.toNanos(i) / INPUT_PER_SECOND;
                LockSupport.parkNanos(due - System.nanoTime());
            }
        }
    }

    private String appOutput() throws IOException {
        Path out = dir.resolve("app.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    private static String key(int i) {
        return "k" + (i % KEYS);
    }

    private static int outputSize(TestBroker broker) {
        return TransactionsIT.readAll(broker, "streams-out", IsolationLevel.READ_COMMITTED).size();
    }

    private Process startApp(TestBroker broker) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("app.out");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StreamsExactlyOnceApp.class.getName(),
                broker.bootstrapServers(), "streams-in", "streams-out", "streams-counts", dir.resolve("state").toString()));
        Files.createDirectories(dir.resolve("state"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
    }
}
