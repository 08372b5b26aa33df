package dev.voltstream.broker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The admin REST API against an in-process broker and console, through the JDK's HttpClient. */
class ConsoleApiIT {
    @TempDir
    static Path logDir;
    static ConsoleCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        // the cleaner looks at the logs every 100 ms, so a compacted topic's dirty ratio shows at once
        cluster = new ConsoleCluster(logDir, Map.of("log.cleaner.backoff.ms", "100"), null);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void overviewShowsBrokersControllerAndHealth() throws Exception {
        cluster.post("/api/topics", Map.of("name", "overview-topic", "partitions", 3));
        JsonNode overview = cluster.get("/api/cluster").json();
        assertThat(overview.get("clusterId").asText()).isEqualTo(cluster.broker().clusterId());
        assertThat(overview.get("brokers")).hasSize(1);
        assertThat(overview.get("brokers").get(0).get("port").asInt()).isEqualTo(cluster.broker().port());
        assertThat(overview.get("controllerId").asInt()).isEqualTo(1);
        assertThat(overview.get("partitions").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(overview.get("underReplicatedPartitions").asInt()).isZero();
        assertThat(overview.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(overview.get("throughput").get("current").has("bytesIn")).isTrue();
    }

    @Test
    void createDescribeAlterRetentionAndDeleteATopic() throws Exception {
        ConsoleCluster.Response created = cluster.post("/api/topics",
                Map.of("name", "payments", "partitions", 2, "replicationFactor", 1, "retentionMs", 3_600_000));
        assertThat(created.status()).isEqualTo(201);
        JsonNode topic = created.json();
        assertThat(topic.get("partitions")).hasSize(2);
        assertThat(topic.get("partitions").get(0).get("leader").asInt()).isEqualTo(1);
        assertThat(topic.get("partitions").get(0).get("isr").get(0).asInt()).isEqualTo(1);
        assertThat(config(topic, "retention.ms").get("value").asText()).isEqualTo("3600000");

        try (KafkaProducer<String, String> producer = cluster.producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("payments", 1, "k" + i, "v" + i)).get();
            }
        }
        JsonNode detail = cluster.get("/api/topics/payments").json();
        assertThat(detail.get("partitions").get(1).get("startOffset").asLong()).isZero();
        assertThat(detail.get("partitions").get(1).get("endOffset").asLong()).isEqualTo(5);
        assertThat(detail.get("partitions").get(1).get("sizeBytes").asLong()).isPositive();
        JsonNode row = find(cluster.get("/api/topics").json(), "name", "payments");
        assertThat(row.get("records").asLong()).isEqualTo(5);
        assertThat(row.get("partitions").asInt()).isEqualTo(2);
        assertThat(row.get("replicationFactor").asInt()).isEqualTo(1);
        assertThat(row.get("sizeBytes").asLong()).isPositive();

        ConsoleCluster.Response altered = cluster.patch("/api/topics/payments/configs",
                Map.of("retention.ms", "86400000"));
        assertThat(altered.status()).isEqualTo(200);
        assertThat(config(altered.json(), "retention.ms").get("value").asText()).isEqualTo("86400000");
        assertThat(config(altered.json(), "retention.ms").get("source").asText()).isEqualTo("DYNAMIC_TOPIC_CONFIG");

        assertThat(cluster.delete("/api/topics/payments").status()).isEqualTo(204);
        ConsoleCluster.Response gone = cluster.get("/api/topics/payments");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void aCompactedTopicsDetailShowsEachPartitionsDirtyRatioAndOtherTopicsNone() throws Exception {
        assertThat(cluster.post("/api/topics", Map.of("name", "station-board", "partitions", 1, "configs",
                Map.of("cleanup.policy", "compact"))).status()).isEqualTo(201);
        assertThat(cluster.post("/api/topics", Map.of("name", "plain", "partitions", 1)).status()).isEqualTo(201);
        try (KafkaProducer<String, String> producer = cluster.producer()) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("station-board", "st-1", "status-" + i)).get();
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode partition = cluster.get("/api/topics/station-board").json().get("partitions").get(0);
            assertThat(partition.get("dirtyRatio").isNumber()).as("dirtyRatio of %s", partition).isTrue();
            assertThat(partition.get("dirtyRatio").asDouble()).isBetween(0.0, 1.0);
        });
        assertThat(cluster.get("/api/topics/plain").json().get("partitions").get(0).path("dirtyRatio").isNumber())
                .as("no dirty ratio for a topic the cleaner does not clean").isFalse();
    }

    @Test
    void invalidTopicsAreRejectedWithOneMessagePerField() throws Exception {
        ConsoleCluster.Response bad = cluster.post("/api/topics",
                Map.of("name", "bad name!", "partitions", 0, "replicationFactor", 3, "retentionMs", -5));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        JsonNode problem = bad.json();
        assertThat(problem.get("title").asText()).isEqualTo("Invalid topic");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/topics");
        assertThat(find(problem.get("errors"), "field", "name").get("message").asText())
                .contains("characters other than ASCII alphanumerics");
        assertThat(find(problem.get("errors"), "field", "partitions").get("message").asText())
                .contains("between 1 and");
        assertThat(find(problem.get("errors"), "field", "replicationFactor").get("message").asText())
                .contains("larger than the number of brokers (1)");
        assertThat(find(problem.get("errors"), "field", "retentionMs")).isNotNull();

        assertThat(cluster.post("/api/topics", Map.of("name", "a".repeat(250))).json().get("errors").get(0)
                .get("message").asText()).contains("249");
        assertThat(cluster.post("/api/topics", Map.of("name", "..")).status()).isEqualTo(400);
        assertThat(cluster.post("/api/topics", "{not json").status()).isEqualTo(400);

        assertThat(cluster.post("/api/topics", Map.of("name", "twice")).status()).isEqualTo(201);
        ConsoleCluster.Response again = cluster.post("/api/topics", Map.of("name", "twice"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("twice");
    }

    @Test
    void produceAndBrowseMessagesFromOffsetTimestampAndLatest() throws Exception {
        cluster.post("/api/topics", Map.of("name", "browse", "partitions", 1));
        List<Long> timestamps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ConsoleCluster.Response produced = cluster.post("/api/topics/browse/messages", Map.of(
                    "key", "station-" + i, "value", "{\"kWh\":" + i + "}", "headers", Map.of("source", "test")));
            assertThat(produced.status()).isEqualTo(201);
            assertThat(produced.json().get("offset").asLong()).isEqualTo(i);
            timestamps.add(produced.json().get("timestamp").asLong());
        }
        JsonNode earliest = cluster.get("/api/topics/browse/messages?from=earliest&limit=3").json();
        assertThat(earliest.get("messages")).hasSize(3);
        JsonNode first = earliest.get("messages").get(0);
        assertThat(first.get("offset").asLong()).isZero();
        assertThat(first.get("key").asText()).isEqualTo("station-0");
        assertThat(first.get("value").asText()).isEqualTo("{\"kWh\":0}");
        assertThat(first.get("headers").get(0).get("key").asText()).isEqualTo("source");
        assertThat(first.get("headers").get(0).get("value").asText()).isEqualTo("test");

        JsonNode latest = cluster.get("/api/topics/browse/messages?limit=4").json();
        assertThat(latest.get("messages")).extracting(m -> m.get("offset").asLong()).containsExactly(6L, 7L, 8L, 9L);
        assertThat(latest.get("endOffset").asLong()).isEqualTo(10);

        JsonNode fromOffset = cluster.get("/api/topics/browse/messages?from=offset&offset=8").json();
        assertThat(fromOffset.get("messages")).extracting(m -> m.get("offset").asLong()).containsExactly(8L, 9L);

        JsonNode fromTime = cluster.get("/api/topics/browse/messages?from=timestamp&timestamp="
                + timestamps.get(5)).json();
        assertThat(fromTime.get("messages").get(0).get("timestamp").asLong()).isGreaterThanOrEqualTo(timestamps.get(5));
        assertThat(fromTime.get("messages").get(0).get("offset").asLong()).isLessThanOrEqualTo(5);

        assertThat(cluster.get("/api/topics/browse/messages?partition=7").status()).isEqualTo(400);
        assertThat(cluster.get("/api/topics/browse/messages?from=yesterday").status()).isEqualTo(400);
        assertThat(cluster.post("/api/topics/browse/messages", Map.of("value", "x", "partition", 3)).status())
                .isEqualTo(400);
        assertThat(cluster.get("/api/topics/missing/messages").status()).isEqualTo(404);
    }

    @Test
    void theBrowserShowsCommittedRecordsOnly() throws Exception {
        cluster.post("/api/topics", Map.of("name", "browse-txn", "partitions", 1));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "console-browse-txn");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.initTransactions();
            for (String value : List.of("kept", "dropped", "later")) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("browse-txn", 0, "k", value));
                producer.flush();
                if (value.equals("dropped")) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }

        JsonNode page = cluster.get("/api/topics/browse-txn/messages?from=earliest&limit=10").json();

        assertThat(page.get("messages")).extracting(m -> m.get("value").asText()).containsExactly("kept", "later");
    }

    @Test
    void groupsShowStateMembersAssignmentsAndLag() throws Exception {
        cluster.post("/api/topics", Map.of("name", "sessions", "partitions", 2));
        try (KafkaProducer<String, String> producer = cluster.producer()) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>("sessions", i % 2, "k", "v" + i)).get();
            }
        }
        try (KafkaConsumer<String, String> consumer = cluster.consumer("billing")) {
            consumer.subscribe(List.of("sessions"));
            int seen = 0;
            long deadline = System.currentTimeMillis() + 20_000;
            while (seen < 6 && System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
            assertThat(seen).isEqualTo(6);
            consumer.commitSync();

            JsonNode active = cluster.get("/api/groups/billing").json();
            assertThat(active.get("state").asText()).isEqualTo("Stable");
            assertThat(active.get("members")).hasSize(1);
            assertThat(active.get("members").get(0).get("assignments")).hasSize(2);
            assertThat(active.get("lag").asLong()).isZero();

            try (KafkaProducer<String, String> producer = cluster.producer()) {
                for (int i = 0; i < 4; i++) {
                    producer.send(new ProducerRecord<>("sessions", 0, "k", "late" + i)).get();
                }
            }
            JsonNode lagging = cluster.get("/api/groups/billing").json();
            assertThat(lagging.get("lag").asLong()).isEqualTo(4);
            JsonNode p0 = find(lagging.get("offsets"), "partition", "0");
            assertThat(p0.get("committedOffset").asLong()).isEqualTo(3);
            assertThat(p0.get("endOffset").asLong()).isEqualTo(7);
            assertThat(p0.get("lag").asLong()).isEqualTo(4);
            JsonNode row = find(cluster.get("/api/groups").json(), "groupId", "billing");
            assertThat(row.get("lag").asLong()).isEqualTo(4);
            assertThat(row.get("state").asText()).isEqualTo("Stable");
            assertThat(row.get("protocol").asText()).isNotEmpty();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cluster.get("/api/groups/billing").json().get("state").asText()).isEqualTo("Empty"));
        assertThat(cluster.get("/api/groups/no-such-group").status()).isEqualTo(404);
    }

    @Test
    void servesTheUiTheOpenApiDocumentAndProblemsForUnknownPaths() throws Exception {
        ConsoleCluster.Response index = cluster.get("/");
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("<script src=\"/app.js\">");
        assertThat(cluster.get("/app.js").contentType()).startsWith("text/javascript");
        assertThat(cluster.get("/style.css").status()).isEqualTo(200);
        ConsoleCluster.Response openapi = cluster.get("/api/openapi.yaml");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).contains("openapi: 3.").contains("/api/topics/{name}/messages");

        ConsoleCluster.Response unknown = cluster.get("/api/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(cluster.get("/../../etc/passwd").status()).isEqualTo(404);
        assertThat(cluster.delete("/api/cluster").status()).isEqualTo(405);
    }

    private static JsonNode config(JsonNode topic, String name) {
        return find(topic.get("configs"), "name", name);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.get(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("No element with " + field + "=" + value + " in " + array);
    }
}
