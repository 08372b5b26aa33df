package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * The current librdkafka release (2.15.0 when written; the C library under confluent-kafka for Python, Go, .NET and
 * JavaScript) against the broker, through the example programs of its source tree: metadata for all topics (the
 * Metadata v13 request with trailing bytes), keyed records with headers, a consumer group that commits, a static
 * leader restarting without a rebalance (JoinGroup v5), a cooperative group converging after a member is killed (while
 * stable, and mid-rebalance), and the admin examples. librdkafka is not packaged at that version, so this runs where
 * {@code VOLTSTREAM_LIBRDKAFKA_DIR} names its source tree with the library and {@code examples/} built (see
 * docs/compatibility.md) and is skipped elsewhere; Debian's kcat (librdkafka 2.0.2) is {@link KcatCompatibilityIT}, and {@code ClientMatrixIT} runs our own C
 * round trip (admin create/describe/delete included) against both.
 */
class LibrdkafkaCurrentIT {
    private static final String ENV = "VOLTSTREAM_LIBRDKAFKA_DIR";
    private static final Pattern CALLBACK = Pattern.compile("Consumer group rebalanced: (assigned|revoked)");
    private static final Pattern PARTITION = Pattern.compile("\\[(\\d+)\\] offset");

    @TempDir
    static Path dir;
    static Path examples;
    static TestBroker broker;

    /** Why the tests are skipped here, or null when the examples are there. */
    static String missing;

    @BeforeAll
    static void start() {
        String configured = System.getenv(ENV);
        if (configured == null || configured.isBlank()) {
            missing = ENV + " is not set: no librdkafka examples to run (build librdkafka and its examples/ from"
                    + " its source and point " + ENV + " at that source tree, see docs/compatibility.md)";
            return;
        }
        examples = Path.of(configured, "examples");
        if (!Files.isExecutable(examples.resolve("rdkafka_example"))) {
            missing = ENV + "=" + configured + " holds no built examples/rdkafka_example";
            return;
        }
        broker = TestBroker.start(dir.resolve("broker"), Map.of("group.initial.rebalance.delay.ms", "0"));
    }

    @BeforeEach
    void examplesAreThere() {
        assumeTrue(missing == null, missing);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void metadataForAllTopicsListsTheBrokerAndTheTopics() throws Exception {
        createTopic("rdk-meta", 2);
        Result metadata = run("rdkafka_example", "-L", "-b", broker.bootstrapServers());
        assertThat(metadata.exitCode).as(metadata.output).isZero();
        assertThat(metadata.output).contains("1 brokers:")
                .contains("topic \"rdk-meta\" with 2 partitions");
    }

    @Test
    void keyedRecordsWithHeadersArriveIntact() throws Exception {
        createTopic("rdk-keyed", 1);
        Result produced = run("rdkafka_performance", "-P", "-t", "rdk-keyed", "-b", broker.bootstrapServers(),
                "-k", "the-key", "-H", "trace=abc", "-H", "origin=librdkafka", "-c", "20", "-s", "16",
                "-X", "acks=all");
        assertThat(produced.exitCode).as(produced.output).isZero();
        assertThat(produced.output).contains("20 delivered").contains("0 failed");

        TopicPartition tp = new TopicPartition("rdk-keyed", 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.size() < 20 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(20).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo("the-key");
            assertThat(r.value()).hasSize(16);
            assertThat(r.headers().toArray()).extracting(Header::key).containsExactly("trace", "origin");
            assertThat(new String(r.headers().lastHeader("origin").value(), StandardCharsets.UTF_8))
                    .isEqualTo("librdkafka");
        });
    }

    @Test
    void aConsumerGroupReadsEverythingAndCommitsAndTheAdminExamplesSeeIt() throws Exception {
        createTopic("rdk-group", 3);
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 12; i++) {
                producer.send(new ProducerRecord<>("rdk-group", i % 3, "k" + i, "value-" + i)).get();
            }
        }
        Result consumed = run("rdkafka_complex_consumer_example", "-g", "rdk-readers", "-b",
                broker.bootstrapServers(), "-e", "-X", "auto.offset.reset=earliest",
                "-X", "partition.assignment.strategy=cooperative-sticky", "rdk-group");
        assertThat(consumed.exitCode).as(consumed.output).isZero();
        assertThat(consumed.output.split("Message Payload", -1)).as(consumed.output).hasSize(13);
        assertThat(consumed.output).contains("Consumer closed");

        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("rdk-readers")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(committed).hasSize(3).allSatisfy((tp, offset) -> assertThat(offset.offset()).isEqualTo(4));
        }
        Result offsets = run("rdkafka_complex_consumer_example", "-g", "rdk-readers", "-b",
                broker.bootstrapServers(), "-O", "rdk-group:0", "rdk-group:1", "rdk-group:2");
        assertThat(offsets.output).contains("Topic \"rdk-group\" partition 0 offset 4")
                .contains("Topic \"rdk-group\" partition 2 offset 4");
        Result described = run("describe_consumer_groups", "-b", broker.bootstrapServers(), "0", "rdk-readers");
        assertThat(described.exitCode).as(described.output).isZero();
        assertThat(described.output).contains("Group \"rdk-readers\"").contains("state \"Empty\"");
        Result listed = run("list_consumer_group_offsets", "-b", broker.bootstrapServers(), "rdk-readers", "0");
        assertThat(listed.output).contains("rdk-group [1] offset 4");
    }

    @Test
    void theAdminExamplesDescribeTheClusterAndTopicsAndDeleteRecords() throws Exception {
        createTopic("rdk-admin", 2);
        Result cluster = run("describe_cluster", "-b", broker.bootstrapServers(), "0");
        assertThat(cluster.exitCode).as(cluster.output).isZero();
        assertThat(cluster.output).contains("Controller id: 1").contains("Node [id: 1, host: 127.0.0.1");
        Result topics = run("describe_topics", "-b", broker.bootstrapServers(), "0", "rdk-admin");
        assertThat(topics.exitCode).as(topics.output).isZero();
        assertThat(topics.output).contains("Topic: rdk-admin").contains("partition count is: 2");

        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("rdk-admin", 0, null, "r" + i)).get();
            }
        }
        Result deleted = run("delete_records", broker.bootstrapServers(), "rdk-admin", "0", "3");
        assertThat(deleted.exitCode).as(deleted.output).isZero();
        TopicPartition tp = new TopicPartition("rdk-admin", 0);
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            assertThat(consumer.beginningOffsets(List.of(tp))).containsEntry(tp, 3L);
        }
    }

    @Test
    void aRestartedStaticLeaderGetsItsPartitionsBackWithoutARebalance() throws Exception {
        // librdkafka joins with JoinGroup v5: Kafka answers its returning static leader as a follower, no rebalance.
        createTopic("rdk-static", 4);
        List<Process> running = new ArrayList<>();
        try {
            Path leaderOut = dir.resolve("static-a.out");
            running.add(staticMember("a", leaderOut));
            await().atMost(Duration.ofSeconds(60)).until(() -> owned(leaderOut).size() == 4);
            Path otherOut = dir.resolve("static-b.out");
            running.add(staticMember("b", otherOut));
            await().atMost(Duration.ofSeconds(60)).until(() -> !owned(otherOut).isEmpty()
                    && owned(otherOut).size() + owned(leaderOut).size() == 4);
            Set<Integer> leaderOwned = owned(leaderOut);
            int otherCallbacks = callbacks(otherOut);

            running.get(0).destroyForcibly().waitFor(); // gone without a word, as a static member's close is
            Path restartedOut = dir.resolve("static-a2.out");
            running.add(staticMember("a", restartedOut));
            await().atMost(Duration.ofSeconds(60)).until(() -> owned(restartedOut).equals(leaderOwned));
            assertThat(callbacks(otherOut)).as("rebalance callbacks of the other member").isEqualTo(otherCallbacks);
        } finally {
            destroyAll(running);
        }
    }

    @Test
    void aCooperativeGroupConvergesWhenAMemberIsKilled() throws Exception {
        createTopic("rdk-coop", 4);
        List<Process> running = new ArrayList<>();
        try {
            Path survivorOut = dir.resolve("coop-a.out");
            running.add(member("rdk-coop", null, 6000, survivorOut));
            await().atMost(Duration.ofSeconds(60)).until(() -> owned(survivorOut).size() == 4);
            Path doomedOut = dir.resolve("coop-b.out");
            running.add(member("rdk-coop", null, 6000, doomedOut));
            await().atMost(Duration.ofSeconds(60)).until(() -> !owned(doomedOut).isEmpty()
                    && owned(doomedOut).size() + owned(survivorOut).size() == 4);
            running.get(1).destroyForcibly().waitFor(); // no LeaveGroup: its session (6 s) has to end
            await().atMost(Duration.ofSeconds(60)).until(() -> owned(survivorOut).size() == 4);
        } finally {
            destroyAll(running);
        }
    }

    /**
     * Three members, six partitions: a third member joins, and the first member that the cooperative rebalance makes
     * give up a partition is killed right after its revoke callback - mid-rebalance, between its two SyncGroups. The
     * two survivors end up owning three partitions each, as on Kafka (issue #14's reported hang).
     */
    @Test
    void aCooperativeGroupConvergesWhenAMemberIsKilledMidRebalance() throws Exception {
        createTopic("rdk-coop3", 6);
        List<Process> running = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                outputs.add(dir.resolve("coop3-" + i + ".out"));
                running.add(member("rdk-coop3", null, 6000, outputs.get(i)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> owned(outputs.get(0)).size() == 3
                    && owned(outputs.get(1)).size() == 3);
            List<Integer> callbacksBefore = List.of(callbacks(outputs.get(0)), callbacks(outputs.get(1)));
            outputs.add(dir.resolve("coop3-2.out"));
            running.add(member("rdk-coop3", null, 6000, outputs.get(2)));
            int[] doomed = {-1};
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (int i = 0; i < 2; i++) {
                    if (callbacks(outputs.get(i)) > callbacksBefore.get(i) && owned(outputs.get(i)).size() < 3) {
                        doomed[0] = i;
                        return true;
                    }
                }
                return false;
            });
            running.get(doomed[0]).destroyForcibly().waitFor(); // no LeaveGroup, mid-rebalance
            Path survivor = outputs.get(1 - doomed[0]);
            Path joined = outputs.get(2);
            await().atMost(Duration.ofSeconds(60)).until(() -> owned(survivor).size() == 3
                    && owned(joined).size() == 3);
            Set<Integer> all = new TreeSet<>(owned(survivor));
            all.addAll(owned(joined));
            assertThat(all).containsExactly(0, 1, 2, 3, 4, 5);
        } finally {
            destroyAll(running);
        }
    }

    private static void destroyAll(List<Process> processes) throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor();
        }
    }

    private static Process staticMember(String instanceId, Path output) throws IOException {
        return member("rdk-static", instanceId, 30000, output);
    }

    /** rdkafka_complex_consumer_example in group {@code topic} (a rebalance callback doing incremental assigns). */
    private static Process member(String topic, String instanceId, int sessionTimeoutMs, Path output)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(examples.resolve("rdkafka_complex_consumer_example").toString(),
                "-g", topic, "-b", broker.bootstrapServers(), "-X", "session.timeout.ms=" + sessionTimeoutMs,
                "-X", "partition.assignment.strategy=cooperative-sticky"));
        if (instanceId != null) {
            command.addAll(List.of("-X", "group.instance.id=" + instanceId));
        }
        command.add(topic);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** The partitions the example program holds, from what its rebalance callback printed (assigned - revoked). */
    private static Set<Integer> owned(Path output) throws IOException {
        Set<Integer> owned = new TreeSet<>();
        List<String> lines = Files.exists(output) ? Files.readAllLines(output, StandardCharsets.ISO_8859_1) : List.of();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher event = CALLBACK.matcher(lines.get(i));
            if (event.find()) {
                Matcher partition = PARTITION.matcher(lines.get(i + 1));
                while (partition.find()) {
                    int p = Integer.parseInt(partition.group(1));
                    if (event.group(1).equals("assigned")) {
                        owned.add(p);
                    } else {
                        owned.remove(p);
                    }
                }
            }
        }
        return owned;
    }

    private static int callbacks(Path output) throws IOException {
        return (int) CALLBACK.matcher(Files.readString(output, StandardCharsets.ISO_8859_1)).results().count();
    }

    private static void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /** Runs one example program to completion (60 s at most), its output going to a file (no pipe to fill). */
    private static Result run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(examples.resolve(program).toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, program, ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        return new Result(done ? process.exitValue() : -1, Files.readString(output, StandardCharsets.ISO_8859_1));
    }

    private record Result(int exitCode, String output) {
    }
}
