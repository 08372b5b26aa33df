package dev.voltstream.notification.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.TestEvents;
import dev.voltstream.notification.service.LiveFeed;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The live SSE stream read by a real HTTP client, poison records landing on the dead-letter topic, and a batch with a
 * poison record in it: the rest stored, only that record dead-lettered, the offsets committed past the batch.
 */
@QuarkusTest
@TestProfile(KafkaBrokerProfile.class)
class LiveStreamAndDeadLetterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/api/notifications/stream")
    URI stream;

    @Inject
    LiveFeed liveFeed;

    @Test
    void sseStreamDeliversANewNotificationLive() throws Exception {
        String account = "acc-sse-" + TestEvents.unique();
        int subscribersBefore = liveFeed.subscriberCount();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + "?accountId=" + account))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> response =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        await().atMost(WAIT).until(() -> liveFeed.subscriberCount() > subscribersBefore);

        try (CloudEventProducer producer = new CloudEventProducer(bootstrapServers)) {
            producer.send(Topics.FRAUD_ALERTS, account, EventTypes.FRAUD_ALERT, TestEvents.json(FraudAlert.class,
                    Map.of("eventId", account + "-live", "accountId", account)));
        }

        HttpResponse<Stream<String>> sse = response.get(30, TimeUnit.SECONDS);
        assertThat(sse.statusCode()).isEqualTo(200);
        assertThat(sse.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        try (Stream<String> lines = sse.body()) {
            Optional<String> data = CompletableFuture.supplyAsync(() -> lines
                            .filter(line -> line.startsWith("data:"))
                            .findFirst())
                    .get(30, TimeUnit.SECONDS);
            assertThat(data).hasValueSatisfying(line -> assertThat(line)
                    .contains("\"sourceEventId\":\"" + account + "-live\"")
                    .contains("\"kind\":\"FRAUD_ALERT\""));
        }
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicWithTheReason() throws Exception {
        String account = "acc-poison-" + TestEvents.unique();
        try (CloudEventProducer producer = new CloudEventProducer(bootstrapServers)) {
            producer.send(Topics.ACCOUNT_UPDATES, account, EventTypes.BALANCE_CHANGED, "{\"eventId\": \"oops");
        }

        ConsumerRecord<String, String> dead = awaitRecord(Topics.deadLetter(Topics.ACCOUNT_UPDATES), account);

        assertThat(dead.value()).isEqualTo("{\"eventId\": \"oops");
        assertThat(header(dead, "dead-letter-reason")).contains("not a valid BalanceChanged");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.ACCOUNT_UPDATES);
    }

    @Test
    void batchWithBalanceChangesADuplicateAndAPoisonRecordIsStoredDeadLetteredAndCommitted() throws Exception {
        String account = "acc-batch-" + TestEvents.unique();
        String type = EventTypes.BALANCE_CHANGED;
        String poison = "{\"eventId\": \"" + account + "-oops";
        List<RecordMetadata> sent;
        try (CloudEventProducer producer = new CloudEventProducer(bootstrapServers, 5_000)) {
            sent = producer.sendTogether(Topics.ACCOUNT_UPDATES, account, List.of(
                    new CloudEventProducer.Value(type, balance(account, "-1", "-30.00", "120.00")),
                    new CloudEventProducer.Value(type, balance(account, "-2", "-30.00", "90.00")), // dips: LOW_BALANCE
                    new CloudEventProducer.Value(type, balance(account, "-2", "-30.00", "90.00")), // the duplicate
                    new CloudEventProducer.Value(type, poison),
                    new CloudEventProducer.Value(type, balance(account, "-3", "-10.00", "80.00")), // still low
                    new CloudEventProducer.Value(type, balance(account, "-4", "50.00", "130.00"))));
        }
        assertThat(sent).extracting(RecordMetadata::partition).containsOnly(sent.get(0).partition());
        TopicPartition partition = new TopicPartition(Topics.ACCOUNT_UPDATES, sent.get(0).partition());
        long pastTheBatch = sent.get(sent.size() - 1).offset() + 1;

        await().atMost(WAIT).until(() -> notifications(account).contains(account + "-4 BALANCE_CHANGED"));
        assertThat(notifications(account)).containsExactlyInAnyOrder(account + "-1 BALANCE_CHANGED",
                account + "-2 BALANCE_CHANGED", account + "-2 LOW_BALANCE", account + "-3 BALANCE_CHANGED",
                account + "-4 BALANCE_CHANGED");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(WAIT).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("notification-service")
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() >= pastTheBatch;
            });
        }
        ConsumerRecord<String, String> dead = awaitRecord(Topics.deadLetter(Topics.ACCOUNT_UPDATES), account);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(header(dead, "dead-letter-reason")).contains("not a valid BalanceChanged");
        assertThat(header(dead, "dead-letter-offset")).isEqualTo(String.valueOf(sent.get(3).offset()));
        assertThat(recordsUpToTheEnd(Topics.deadLetter(Topics.ACCOUNT_UPDATES), account))
                .as("only the poison record is dead-lettered").singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(poison));
    }

    private static String balance(String account, String suffix, String delta, String newBalance) {
        return TestEvents.balanceChanged(account, account + suffix, delta, newBalance);
    }

    /** The account's notifications as "sourceEventId KIND". */
    private static List<String> notifications(String accountId) {
        return given().queryParam("accountId", accountId).queryParam("size", 200)
                .when().get("/api/notifications")
                .then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("items").stream()
                .map(n -> n.get("sourceEventId") + " " + n.get("kind")).toList();
    }

    /** The records with this key on the topic, read from the beginning up to the end offsets as of now. */
    private List<ConsumerRecord<String, String>> recordsUpToTheEnd(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + TestEvents.unique(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return found;
        }
    }

    private ConsumerRecord<String, String> awaitRecord(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + TestEvents.unique(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
