package dev.voltstream.notification.it;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.TestEvents;
import dev.voltstream.testkit.InProcessBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An in-process broker whose compacted station-status already holds the history of a few stations, all of it
 * consumed by the notification-service group (its offsets committed at the end), before the service starts on a
 * fresh database: the live consumer has nothing left to read, so only a rebuild from the topic fills the board.
 */
public class StationStatusHistory implements QuarkusTestResourceLifecycleManager {
    static final String CHANGES_THRICE = "st-rebuild-1";
    static final String LATE_OLD_EVENT = "st-rebuild-2";
    static final String GETS_LIVE_EVENT = "st-rebuild-3";

    private InProcessBroker broker;

    @Override
    public Map<String, String> start() {
        broker = InProcessBroker.start();
        try {
            createCompactedTopic();
            try (CloudEventProducer producer = new CloudEventProducer(broker.bootstrapServers())) {
                send(producer, CHANGES_THRICE, "-1", "OCCUPIED", "AVAILABLE", "2026-11-25T10:10:00Z");
                send(producer, CHANGES_THRICE, "-2", "AVAILABLE", "OCCUPIED", "2026-11-25T10:20:00Z");
                send(producer, LATE_OLD_EVENT, "-2", "AVAILABLE", "OCCUPIED", "2026-11-25T10:40:00Z");
                send(producer, CHANGES_THRICE, "-3", "OUT_OF_SERVICE", "AVAILABLE", "2026-11-25T10:30:00Z");
                // written after the newer one (a late producer): older, so it must not win
                send(producer, LATE_OLD_EVENT, "-1", "OCCUPIED", "AVAILABLE", "2026-11-25T10:05:00Z");
                send(producer, GETS_LIVE_EVENT, "-1", "OCCUPIED", "AVAILABLE", "2026-11-25T10:10:00Z");
                producer.send(Topics.STATION_STATUS, "st-rebuild-gone", null, null); // a tombstone: skipped
            }
            commitEndOffsetsFor("notification-service");
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("seeding station-status failed", e);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    static String status(String station, String suffix, String status, String previous, String at) {
        return TestEvents.json(StationStatusChanged.class, Map.of("eventId", station + suffix, "stationId", station,
                "status", status, "previous", previous, "occurredAt", at));
    }

    private static void send(CloudEventProducer producer, String station, String suffix, String status,
                             String previous, String at) throws Exception {
        producer.send(Topics.STATION_STATUS, station, EventTypes.STATION_STATUS_CHANGED,
                status(station, suffix, status, previous, at));
    }

    private void createCompactedTopic() throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(Topics.STATION_STATUS, 3, (short) 1)
                    .configs(Topics.configs(Topics.STATION_STATUS)))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** What the service's group would have committed had it consumed everything. */
    private void commitEndOffsetsFor(String group) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATION_STATUS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end)));
            consumer.commitSync(ends, Duration.ofSeconds(30));
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
