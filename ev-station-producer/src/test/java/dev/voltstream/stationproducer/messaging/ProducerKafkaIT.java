package dev.voltstream.stationproducer.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.stationproducer.service.Quiescence;
import dev.voltstream.stationproducer.service.Simulation;
import dev.voltstream.stationproducer.service.SimulationStatus;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSchemas;
import dev.voltstream.testkit.VoltstreamBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

/**
 * The producer against a real (in-process) Voltstream broker: records read back with a plain KafkaConsumer carry
 * the key SYSTEM.md names, CloudEvents binary-mode headers and a payload valid against event-contracts' schemas; the
 * producers are idempotent.
 */
@QuarkusTest
@TestProfile(KafkaConnectorProfile.class)
@WithTestResource(VoltstreamBrokerTestResource.class)
class ProducerKafkaIT {
    private static final Map<String, Set<String>> TOPIC_TYPES = Map.of(
            Topics.STATION_STATUS, Set.of(EventTypes.STATION_STATUS_CHANGED),
            Topics.STATION_METRICS, Set.of(EventTypes.STATION_TELEMETRY),
            Topics.CHARGING_SESSIONS, Set.of(EventTypes.SESSION_STARTED, EventTypes.SESSION_PROGRESS,
                    EventTypes.SESSION_COMPLETED),
            Topics.TRANSACTIONS, Set.of(EventTypes.TRANSACTION));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @Inject
    Simulation simulation;

    @AfterEach
    void settle() {
        Quiescence.stopAndSettle(simulation);
    }

    @Test
    void aVelocityBurstArrivesInOrderOnOnePartitionWithCloudEventsHeaders() {
        List<String> eventIds = given().when().post("/api/scenarios/velocity-burst")
                .then().statusCode(200).body("transactions", hasSize(12))
                .extract().path("transactions.eventId");

        List<ConsumerRecord<String, String>> burst = await().atMost(Duration.ofSeconds(30))
                .until(() -> readAll(Topics.TRANSACTIONS).stream()
                        .filter(r -> eventIds.contains(header(r, "ce_id"))).toList(), l -> l.size() == 12);

        assertThat(burst).extracting(r -> header(r, "ce_id")).containsExactlyElementsOf(eventIds);
        assertThat(burst).extracting(ConsumerRecord::partition).containsOnly(burst.get(0).partition());
        assertThat(burst).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(EventJson.tree(r.value()).get("accountId").asText());
            assertThat(header(r, "ce_type")).isEqualTo(EventTypes.TRANSACTION);
            assertThat(header(r, "ce_source")).isEqualTo(EventPublisher.SOURCE.toString());
            assertThat(header(r, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(r, "ce_subject")).isEqualTo(r.key());
            assertThat(header(r, "content-type")).startsWith("application/json");
            EventSchemas.assertValid("Transaction", r.value());
        });
    }

    @Test
    void everythingTheSimulationAcknowledgedIsOnItsTopicKeyedTypedAndValid() throws Exception {
        simulation.scale(1_000);
        simulation.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> simulation.status().acked() >= 800);
        Quiescence.stopAndSettle(simulation);
        SimulationStatus status = simulation.status();
        assertThat(status.failed()).isZero();

        for (Map.Entry<String, Set<String>> topic : TOPIC_TYPES.entrySet()) {
            long expected = topic.getValue().stream()
                    .map(type -> EventTypes.CLASSES.get(type).getSimpleName())
                    .mapToLong(name -> status.emitted().getOrDefault(name, 0L)).sum();
            List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                    .until(() -> readAll(topic.getKey()), l -> l.size() >= expected);

            assertThat(records).as(topic.getKey()).hasSize((int) expected).allSatisfy(r -> {
                String type = header(r, "ce_type");
                assertThat(topic.getValue()).contains(type);
                String recordName = EventTypes.CLASSES.get(type).getSimpleName();
                EventSchemas.assertValid(recordName, r.value());
                JsonNode json = EventJson.tree(r.value());
                assertThat(header(r, "ce_id")).isEqualTo(json.get("eventId").asText());
                String keyField = topic.getKey().equals(Topics.TRANSACTIONS) ? "accountId" : "stationId";
                assertThat(r.key()).isEqualTo(json.get(keyField).asText());
            });
        }
        assertIdempotentProducers();
    }

    /** Only idempotent producers leave producer state (id, epoch, sequences) on the partitions they wrote. */
    private void assertIdempotentProducers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.TRANSACTIONS)).allTopicNames().get()
                    .get(Topics.TRANSACTIONS).partitions().stream()
                    .map(p -> new TopicPartition(Topics.TRANSACTIONS, p.partition())).toList();
            Collection<ProducerState> producers = admin.describeProducers(partitions).all().get().values().stream()
                    .flatMap(d -> d.activeProducers().stream()).toList();

            assertThat(producers).isNotEmpty().allSatisfy(p -> assertThat(p.producerId()).isNotNegative());
        }
    }

    private List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records.stream()
                    .sorted(Comparator.comparingInt((ConsumerRecord<String, String> r) -> r.partition())
                            .thenComparingLong(ConsumerRecord::offset))
                    .toList();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
