package dev.voltstream.broker.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.util.TopicAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * A Kafka Connect 4.1 distributed worker (the stock {@link ConnectDistributed}, REST on a free port) runs in the test
 * against Voltstream: a FileStream source connector copies a file into a topic and a FileStream sink connector copies
 * that topic into another file. Connect creates its config, offset and status topics with cleanup.policy=compact (and
 * refuses topics that are not); here the log cleaner compacts the config and offset topics while the worker runs.
 * The worker is then stopped and started again with no connector submitted: the connectors come back from the
 * compacted config topic in their latest version, the source resumes at the file position kept in the compacted
 * offset topic and the sink at its group's committed offsets, so lines appended while the worker was down are copied
 * exactly once and the earlier ones are not copied again. Connect's own check of its internal topics' policy, run
 * against ours, accepts only compacted topics.
 */
@Timeout(180)
class ConnectDistributedIT {
    private static final String LINES_TOPIC = "connect-lines";
    private static final Map<String, String> INTERNAL_TOPICS = Map.of("config.storage.topic", "connect-configs",
            "offset.storage.topic", "connect-offsets", "status.storage.topic", "connect-status");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static TestBroker broker;
    Connect<DistributedHerder> worker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start(dir.resolve("broker"), Map.of("group.initial.rebalance.delay.ms", "0",
                "log.cleaner.backoff.ms", "50"));
        // A worker that fails to start calls Exit.exit(3): fail the test instead of ending the test JVM.
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Connect exited with " + code + ": " + message);
        });
    }

    @AfterAll
    static void stopBroker() {
        Exit.resetExitProcedure();
        broker.close();
    }

    @AfterEach
    void stopWorker() {
        stop(worker);
    }

    @Test
    void fileStreamConnectorsCopyAFileAndResumeFromTheirCompactedConfigAndOffsetTopicsAfterAWorkerRestart()
            throws Exception {
        Path input = dir.resolve("input.txt");
        Path output = dir.resolve("output.txt");
        List<String> lines = new ArrayList<>();
        append(input, lines, 1, 5);

        worker = startWorker();
        Map<String, String> source = new HashMap<>(Map.of("connector.class", "FileStreamSource", "tasks.max", "1",
                "file", input.toString(), "topic", LINES_TOPIC));
        put(worker, "file-source", source);
        // A second version of the source's configuration: the first becomes garbage for the cleaner.
        source.put("batch.size", "100");
        put(worker, "file-source", source);
        put(worker, "file-sink", Map.of("connector.class", "FileStreamSink", "tasks.max", "1",
                "file", output.toString(), "topics", LINES_TOPIC));
        awaitCopied(input, output, lines);
        // Two more file positions for the same source partition in the offset topic: the older ones are garbage.
        append(input, lines, 6, 10);
        awaitCopied(input, output, lines);
        append(input, lines, 11, 15);
        awaitCopied(input, output, lines);
        // The worker is restarted over internal topics the log cleaner has compacted (offsets with gaps): fewer
        // records than offsets below the end offset taken first.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String topic : List.of("connect-configs", "connect-offsets")) {
                long end = endOffset(topic);
                assertThat(recordCount(topic)).as(topic).isLessThan(end);
            }
        });
        stop(worker);

        append(input, lines, 16, 20);
        worker = startWorker();
        // Nothing is submitted again: both connectors come back from the config topic, in their latest version.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(get(worker, "/connectors")).extracting(JsonNode::asText)
                        .containsExactlyInAnyOrder("file-source", "file-sink"));
        assertThat(get(worker, "/connectors/file-source/config").get("batch.size").asText()).isEqualTo("100");
        awaitCopied(input, output, lines);
        // Each line went through the topic once: the source resumed at its stored file position.
        assertThat(readTopic(LINES_TOPIC)).isEqualTo(lines);

        try (Admin admin = broker.admin()) {
            for (String topic : INTERNAL_TOPICS.values()) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("cleanup.policy").value()).as(topic).isEqualTo("compact");
            }
        }
    }

    /**
     * The check a worker runs on its internal topics at start ({@link TopicAdmin}, through DescribeConfigs) sees our
     * topics' cleanup.policy: only {@code compact} passes, so a worker refuses {@code delete} and {@code compact,delete}.
     */
    @Test
    void connectsInternalTopicCheckAcceptsOnlyCompactedTopics() throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(
                    new NewTopic("offsets-compact", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic("offsets-delete", 1, (short) 1),
                    new NewTopic("offsets-compact-delete", 1, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact,delete")))).all().get();
        }
        try (TopicAdmin topics = new TopicAdmin(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(topics.verifyTopicCleanupPolicyOnlyCompact("offsets-compact", "offset.storage.topic",
                    "source connector offsets")).isTrue();
            for (String topic : List.of("offsets-delete", "offsets-compact-delete")) {
                assertThatThrownBy(() -> topics.verifyTopicCleanupPolicyOnlyCompact(topic, "offset.storage.topic",
                        "source connector offsets")).as(topic).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("is required to have 'cleanup.policy=compact'")
                        .hasMessageContaining("delete'");
            }
        }
    }

    private static void append(Path file, List<String> lines, int from, int to) throws IOException {
        List<String> more = IntStream.rangeClosed(from, to).mapToObj(i -> "line-" + i).toList();
        Files.write(file, more, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        lines.addAll(more);
    }

    /** The sink's file holds exactly {@code lines}, and the source's committed file position is the input's end. */
    private void awaitCopied(Path input, Path output, List<String> lines) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(readLines(output)).isEqualTo(lines);
            assertThat(sourcePosition(worker)).isEqualTo(Files.size(input));
        });
    }

    private static Connect<DistributedHerder> startWorker() {
        Map<String, String> props = new HashMap<>(INTERNAL_TOPICS);
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("group.id", "voltstream-connect");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("status.storage.partitions", "1");
        props.put("offset.flush.interval.ms", "200");
        props.put("scheduled.rebalance.max.delay.ms", "0");
        // Topic settings for the config and offset topics Connect creates (it always adds cleanup.policy=compact):
        // a segment per write and an eager cleaner, so they are compacted within the test.
        for (String prefix : List.of("config.storage.", "offset.storage.")) {
            props.put(prefix + "segment.ms", "1");
            props.put(prefix + "min.cleanable.dirty.ratio", "0.01");
        }
        // The FileStream connectors and the converters are found through their ServiceLoader manifests: no scan of
        // the whole test class path.
        props.put("plugin.discovery", "service_load");
        // Connect swaps the calling thread's context class loader for its plugin loader; the test JVM's other test
        // classes keep theirs (the worker's own threads, created while it starts, keep Connect's).
        ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
        try {
            return new ConnectDistributed().startConnect(props);
        } finally {
            Thread.currentThread().setContextClassLoader(testLoader);
        }
    }

    private static void stop(Connect<DistributedHerder> connect) {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
        }
    }

    private static void put(Connect<DistributedHerder> connect, String name, Map<String, String> config)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url(connect, "/connectors/" + name + "/config"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }

    private static JsonNode get(Connect<DistributedHerder> connect, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url(connect, path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The source connector's committed file position, from {@code GET /connectors/file-source/offsets} (KIP-875). */
    private static long sourcePosition(Connect<DistributedHerder> connect) throws IOException, InterruptedException {
        JsonNode offsets = get(connect, "/connectors/file-source/offsets").get("offsets");
        assertThat(offsets).hasSize(1);
        return offsets.get(0).get("offset").get("position").asLong();
    }

    private static URI url(Connect<DistributedHerder> connect, String path) {
        return connect.rest().serverUrl().resolve(path);
    }

    private static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static List<String> readTopic(String topic) {
        return broker.readAll(topic).stream().map(ConsumerRecord::value).toList();
    }

    private static long recordCount(String topic) {
        return broker.readAll(topic).size();
    }

    private static long endOffset(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = broker.admin()) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
        }
    }
}
