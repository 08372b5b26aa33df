package dev.voltstream.broker.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * A Kafka Streams 4.1 application with a KTable (a count per key, materialized in a RocksDB store whose changelog
 * topic Streams creates with cleanup.policy=compact) runs in the test against Voltstream. The log cleaner compacts the
 * changelog while the application runs; the application is then closed, its local state deleted
 * ({@link KafkaStreams#cleanUp()}), and started again: it restores the store from the compacted changelog (offsets
 * with gaps), answers the counts of before the restart, and keeps counting from them.
 */
@Timeout(180)
class StreamsKTableRestoreIT {
    private static final String APP = "ktable-app";
    private static final String STORE = "counts-store";
    private static final String CHANGELOG = APP + "-" + STORE + "-changelog";
    private static final int KEYS = 10;

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;
    KafkaStreams streams;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), Map.of("group.initial.rebalance.delay.ms", "0",
                "log.cleaner.backoff.ms", "50"));
        admin = broker.admin();
        admin.createTopics(List.of(new NewTopic("clicks", 2, (short) 1), new NewTopic("click-counts", 2, (short) 1)))
                .all().get();
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @AfterEach
    void closeStreams() {
        if (streams != null) {
            close(streams);
        }
    }

    @Test
    void aKTableRebuildsItsStateFromItsCompactedChangelogAfterItsLocalStateIsDeleted() throws Exception {
        streams = start(new AtomicLong());
        // Three rounds, so every key's count is in the changelog three times, in different segments.
        for (int round = 1; round <= 3; round++) {
            produce(10);
            awaitCounts(10 * round);
        }
        // Every count update went to the changelog (no cache); the cleaner keeps the latest per key.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    long end = endOffsets(CHANGELOG);
                    assertThat((long) readAll(CHANGELOG).size()).isLessThan(end);
                });
        close(streams);
        streams.cleanUp();
        Path appState = dir.resolve("state").resolve(APP);
        if (Files.exists(appState)) {
            try (var taskDirs = Files.list(appState)) {
                assertThat(taskDirs.filter(Files::isDirectory).toList()).as("local task state").isEmpty();
            }
        }

        AtomicLong restored = new AtomicLong();
        streams = start(restored);
        awaitCounts(30);
        // Fewer records than were written to the changelog: it was restored from the compacted log.
        assertThat(restored.get()).as("records restored from the changelog")
                .isPositive().isLessThan(endOffsets(CHANGELOG));
        produce(5);
        awaitCounts(35);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, Long> latest = new HashMap<>();
            for (ConsumerRecord<String, Long> r : readAll("click-counts")) {
                latest.put(r.key(), r.value());
            }
            assertThat(latest).hasSize(KEYS).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(35L));
        });

        ConfigResource changelog = new ConfigResource(ConfigResource.Type.TOPIC, CHANGELOG);
        assertThat(admin.describeConfigs(List.of(changelog)).all().get().get(changelog).get("cleanup.policy").value())
                .isEqualTo("compact");
    }

    /**
     * Closes {@code app} and removes its static member from the group (RemoveMembersFromConsumerGroup): a Streams
     * member does not leave its group on close, so its successor would otherwise wait for the session timeout.
     */
    private static void close(KafkaStreams app) {
        app.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
    }

    /** {@code perKey} more clicks for each of the keys. */
    private static void produce(int perKey) throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < perKey; i++) {
                for (int key = 0; key < KEYS; key++) {
                    producer.send(new ProducerRecord<>("clicks", "user-" + key, "click-" + i));
                }
            }
            producer.flush();
        }
    }

    private KafkaStreams start(AtomicLong restored) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                // A segment per write and an eager cleaner on the changelog, so it is compacted within the test.
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withLoggingEnabled(Map.of("segment.ms", "1", "min.cleanable.dirty.ratio", "0.01")))
                .toStream()
                .to("click-counts", Produced.with(Serdes.String(), Serdes.Long()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), APP + "-instance");
        KafkaStreams app = new KafkaStreams(builder.build(), props);
        app.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long count) {
                restored.addAndGet(count);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
            }
        });
        app.start();
        return app;
    }

    /** The store, queried through Streams' interactive queries, holds {@code expected} for every key. */
    private void awaitCounts(long expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> {
                    ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                            STORE, QueryableStoreTypes.<String, Long>keyValueStore()));
                    Map<String, Long> counts = new HashMap<>();
                    try (KeyValueIterator<String, Long> all = store.all()) {
                        all.forEachRemaining((KeyValue<String, Long> kv) -> counts.put(kv.key, kv.value));
                    }
                    assertThat(counts).hasSize(KEYS).allSatisfy((key, count) -> assertThat(count).as(key)
                            .isEqualTo(expected));
                });
    }

    private static long endOffsets(String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = Map.of(new TopicPartition(topic, 0), OffsetSpec.latest(),
                new TopicPartition(topic, 1), OffsetSpec.latest());
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(r -> r.offset()).sum();
    }

    private static List<ConsumerRecord<String, Long>> readAll(String topic) {
        return broker.readAll(topic, new LongDeserializer());
    }
}
