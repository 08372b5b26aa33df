package dev.voltstream.notification.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Records on the real topics of an in-process Voltstream broker become notifications in PostgreSQL, exactly once. */
@QuarkusTest
@TestProfile(KafkaBrokerProfile.class)
class NotificationFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private CloudEventProducer producer;

    @BeforeEach
    void startProducer() {
        producer = new CloudEventProducer(bootstrapServers);
    }

    @AfterEach
    void stopProducer() {
        producer.close();
    }

    static List<String> sourceEventIds(String accountId) {
        return given().queryParam("accountId", accountId).queryParam("size", 200)
                .when().get("/api/notifications")
                .then().statusCode(200)
                .extract().jsonPath().getList("items.sourceEventId", String.class);
    }

    @ParameterizedTest
    @CsvSource({
            "account-updates, dev.voltstream.billing.BalanceChanged, BalanceChanged",
            "fraud-alerts, dev.voltstream.payments.FraudAlert, FraudAlert",
            "invoices, dev.voltstream.billing.InvoiceIssued, InvoiceIssued"})
    void eachKindCreatesOneNotificationEvenWhenRedelivered(String topic, String type, String recordName)
            throws Exception {
        Class<? extends Event> recordClass = EventTypes.CLASSES.get(type);
        assertThat(recordClass.getSimpleName()).isEqualTo(recordName);
        String account = "acc-it-" + TestEvents.unique();
        String event = TestEvents.json(recordClass, Map.of("eventId", account + "-event", "accountId", account));
        String marker = TestEvents.json(recordClass, Map.of("eventId", account + "-marker", "accountId", account));

        producer.send(topic, account, type, event);
        producer.send(topic, account, type, event); // the redelivery
        producer.send(topic, account, type, marker); // same key, same partition: processed after both

        await().atMost(WAIT).until(() -> sourceEventIds(account).contains(account + "-marker"));
        assertThat(sourceEventIds(account)).containsExactlyInAnyOrder(account + "-event", account + "-marker");
    }

    @Test
    void watcherIsNotifiedOnceWhenTheStationFreesUp() throws Exception {
        String station = "st-it-" + TestEvents.unique();
        String account = "acc-watch-" + TestEvents.unique();
        given().when().put("/api/accounts/" + account + "/watches/" + station).then().statusCode(201);
        String occupied = station(station, "-1", "OCCUPIED", "AVAILABLE", "2026-11-25T10:00:00Z");
        String freed = station(station, "-2", "AVAILABLE", "OCCUPIED", "2026-11-25T10:20:00Z");
        String occupiedAgain = station(station, "-3", "OCCUPIED", "AVAILABLE", "2026-11-25T10:40:00Z");
        String type = EventTypes.STATION_STATUS_CHANGED;

        producer.send(Topics.STATION_STATUS, station, type, occupied);
        producer.send(Topics.STATION_STATUS, station, type, freed);
        producer.send(Topics.STATION_STATUS, station, type, freed);

        await().atMost(WAIT).until(() -> sourceEventIds(account).contains(station + "-2"));
        producer.send(Topics.STATION_STATUS, station, type, occupiedAgain);
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/stations/" + station)
                .then().statusCode(200).body("status", equalTo("OCCUPIED")));
        assertThat(sourceEventIds(account)).containsExactly(station + "-2");
    }

    private static String station(String station, String suffix, String status, String previous, String at) {
        return TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + suffix, "stationId", station,
                "status", status, "previous", previous, "occurredAt", at));
    }

    @Test
    void unknownTypeIsDeadLetteredCountedAndTheConsumerMovesOn() throws Exception {
        String account = "acc-unknown-" + TestEvents.unique();
        String alert = TestEvents.json(FraudAlert.class, Map.of("eventId", account + "-alert", "accountId", account));

        producer.send(Topics.FRAUD_ALERTS, account, "dev.voltstream.payments.Chargeback", "{\"whatever\":true}");
        producer.send(Topics.FRAUD_ALERTS, account, EventTypes.FRAUD_ALERT, alert);

        await().atMost(WAIT).until(() -> sourceEventIds(account).contains(account + "-alert"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern(
                "voltstream_events_dead_lettered_total\\{[^}]*reason=\"unknown-type\"[^}]*topic=\"fraud-alerts\"[^}]*} [1-9]");
    }

    /**
     * A transaction's records end with its commit marker, which no consumer is given: the group must still commit past
     * it (lag 0 at rest, as {@code KafkaConsumer.commitSync()} would), not stop at the marker for good.
     */
    @Test
    void aTransactionsCommitMarkerLeavesNoLagBehind() throws Exception {
        String account = "acc-txn-" + TestEvents.unique();
        String type = "dev.voltstream.billing.InvoiceIssued";
        String event = TestEvents.json(EventTypes.CLASSES.get(type), Map.of("eventId", account + "-event",
                "accountId", account));
        RecordMetadata written;
        try (KafkaProducer<String, String> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "notification-it-" + account),
                new StringSerializer(), new StringSerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            written = transactional.send(new ProducerRecord<>(Topics.INVOICES, null, account, event,
                    TestEvents.cloudEventHeaders(type))).get(30, TimeUnit.SECONDS);
            transactional.commitTransaction();
        }
        await().atMost(WAIT).until(() -> sourceEventIds(account).contains(account + "-event"));
        TopicPartition partition = new TopicPartition(Topics.INVOICES, written.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
                    .offset();
            assertThat(end).as("the commit marker follows the record").isGreaterThan(written.offset() + 1);
            await().atMost(WAIT).untilAsserted(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("notification-service")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                assertThat(committed).as("committed offset of %s", partition).isNotNull();
                assertThat(committed.offset()).as("committed offset of %s (log end %d)", partition, end)
                        .isGreaterThanOrEqualTo(end);
            });
        }
    }
}
