package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafka.tools.DumpLogSegments;

import dev.voltstream.broker.storage.LogCleaner;
import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * Log compaction end to end with the stock Java clients: a compacted topic with many updates per key, once cleaned,
 * reads from the beginning as exactly the latest value per key, and tombstoned keys vanish after
 * {@code delete.retention.ms}; keyless records are refused with INVALID_RECORD; the policy is set and changed
 * through the Admin API and shown by DescribeConfigs.
 */
class CompactionIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir, Map.of("log.cleaner.backoff.ms", "50",
                "log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024)));
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    private static void create(String topic, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get();
    }

    @Test
    void aConsumerFromTheBeginningSeesOnlyTheLatestValuePerKeyAndNoTombstonedKey() throws Exception {
        String topic = "station-status";
        create(topic, Map.of("cleanup.policy", "compact", "segment.bytes", "8192", "segment.ms", "200",
                "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "500"));
        Map<String, String> expected = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BATCH_SIZE_CONFIG, 1024))) {
            for (int round = 0; round < 40; round++) {
                for (int station = 0; station < 20; station++) {
                    String value = "status-" + round + "-" + station;
                    producer.send(new ProducerRecord<>(topic, "station-" + station, value));
                    expected.put("station-" + station, value);
                }
            }
            for (int station = 0; station < 5; station++) {
                producer.send(new ProducerRecord<>(topic, "station-" + station, null)).get();
                expected.remove("station-" + station);
            }
            // (The cleaner may already be at work: the log end offset, not the record count, is what was written.)
            assertThat(admin.listOffsets(Map.of(new TopicPartition(topic, 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get()
                    .get(new TopicPartition(topic, 0)).offset()).isEqualTo(40 * 20 + 5);

            // A trickle on another key rolls the active segment (segment.ms), so every station's records become
            // cleanable.
            awaitLatestPerKey(producer, topic, expected);
        }
        LogCleaner cleaner = broker.broker().components().logs().cleaner().orElseThrow();
        assertThat(cleaner.passes()).isPositive();
        assertThat(cleaner.bytesRead()).isGreaterThan(cleaner.bytesWritten());

        // Kafka's own DumpLogSegments reads the cleaned segments: valid batches, offsets with gaps, the latest values.
        StringBuilder dumped = new StringBuilder();
        try (var files = java.nio.file.Files.list(broker.logDir().resolve(topic + "-0"))) {
            for (Path segment : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                KafkaTool.Result dump = KafkaTool.run(DumpLogSegments::main, "--files", segment.toString(),
                        "--print-data-log", "--deep-iteration");
                assertThat(dump.exitCode()).as(dump.stderr()).isZero();
                dumped.append(dump.stdout());
            }
        }
        assertThat(dumped).contains("isvalid: true").doesNotContain("isvalid: false")
                .contains("payload: status-39-19").doesNotContain("payload: status-0-19");
    }

    @Test
    void keylessRecordsAreRefusedWithInvalidRecord() throws Exception {
        create("keyed-only", Map.of("cleanup.policy", "compact,delete"));
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("keyed-only", null, "v")).get())
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("Compacted topic cannot accept message without key");
            assertThat(producer.send(new ProducerRecord<>("keyed-only", "k", "v")).get().offset()).isZero();
        }
    }

    @Test
    void thePolicyIsSetAndChangedAtRuntimeAndDescribed() throws Exception {
        create("runtime", Map.of());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "runtime");
        assertThat(policy(resource)).isEqualTo("delete");
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("cleanup.policy", "compact,delete"), AlterConfigOp.OpType.SET)))).all().get();
        assertThat(policy(resource)).isEqualTo("compact,delete");
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("runtime", null, "v")).get())
                    .cause().isInstanceOf(InvalidRecordException.class);
        }
        Collection<AlterConfigOp> bad = List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "shred"),
                AlterConfigOp.OpType.SET));
        assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(resource, bad)).all().get())
                .cause().isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> create("bad-lags", Map.of("cleanup.policy", "compact",
                "min.compaction.lag.ms", "10000", "max.compaction.lag.ms", "5000")))
                .cause().isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void theBrokerDefaultLogCleanupPolicyIsChangedAtRuntime() throws Exception {
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "by-default");
        create("by-default", Map.of());
        admin.incrementalAlterConfigs(Map.of(clusterDefault, List.of(new AlterConfigOp(
                new ConfigEntry("log.cleanup.policy", "compact"), AlterConfigOp.OpType.SET)))).all().get();
        try {
            assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("cleanup.policy"))
                    .satisfies(e -> {
                        assertThat(e.value()).isEqualTo("compact");
                        assertThat(e.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
                    });
            try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("by-default", null, "v")).get())
                        .cause().isInstanceOf(InvalidRecordException.class);
            }
        } finally {
            admin.incrementalAlterConfigs(Map.of(clusterDefault, List.of(new AlterConfigOp(
                    new ConfigEntry("log.cleanup.policy", ""), AlterConfigOp.OpType.DELETE)))).all().get();
        }
        assertThat(policy(topic)).isEqualTo("delete");
    }

    @Test
    void theCleanerSettingsChangeAtRuntimeWhileItCleansAndSurviveARestart() throws Exception {
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        String topic = "reconfigured";
        create(topic, Map.of("cleanup.policy", "compact", "segment.bytes", "8192", "segment.ms", "200",
                "min.cleanable.dirty.ratio", "0.01"));
        try {
            // As kafka-configs.sh --entity-type brokers --entity-default / --entity-name 1 --alter --add-config.
            set(clusterDefault, "log.cleaner.threads", "2");
            set(node, "log.cleaner.io.max.bytes.per.second", "4194304");
            LogCleaner cleaner = broker.broker().components().logs().cleaner().orElseThrow();
            assertThat(cleaner.config().threads()).isEqualTo(2);
            assertThat(cleaner.config().maxIoBytesPerSec()).isEqualTo(4194304);
            await().atMost(Duration.ofSeconds(30)).until(() -> cleaner.liveThreads() == 2);
            assertCleanerConfig("log.cleaner.threads", "2", ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            assertCleanerConfig("log.cleaner.io.max.bytes.per.second", "4194304",
                    ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);

            Map<String, String> expected = new HashMap<>();
            try (KafkaProducer<String, String> producer = broker.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                for (int round = 0; round < 30; round++) {
                    for (int key = 0; key < 20; key++) {
                        producer.send(new ProducerRecord<>(topic, "k" + key, "v" + round));
                        expected.put("k" + key, "v" + round);
                    }
                    if (round == 15) { // the new threads are cleaning: change them again, mid-stream (Kafka wants
                        // more than 1 MiB of dedupe buffer per thread, so the buffer grows with them)
                        admin.incrementalAlterConfigs(Map.of(node, List.of(
                                new AlterConfigOp(new ConfigEntry("log.cleaner.threads", "3"),
                                        AlterConfigOp.OpType.SET),
                                new AlterConfigOp(new ConfigEntry("log.cleaner.dedupe.buffer.size", "16777216"),
                                        AlterConfigOp.OpType.SET)))).all().get();
                    }
                }
                producer.flush();
                assertThat(cleaner.config().threads()).isEqualTo(3);
                awaitLatestPerKey(producer, topic, expected);
            }

            // Kafka's LogCleaner.validateReconfiguration; a broker config that fails validation is INVALID_REQUEST.
            assertRefused(node, "log.cleaner.threads", "7",
                    "Log cleaner threads cannot be increased to more than double the current value 3");
            assertRefused(node, "log.cleaner.threads", "0", "Log cleaner threads should be at least 1");
            assertRefused(node, "log.cleaner.threads", "many", "many");
            assertRefused(node, "log.cleaner.dedupe.buffer.size", "1048576", "at least 1 MiB per cleaner thread");
            assertRefused(node, "log.cleaner.enable", "false", "Cannot update these configs dynamically");
            admin.incrementalAlterConfigs(Map.of(node, List.of(new AlterConfigOp(
                    new ConfigEntry("log.cleaner.threads", "6"), AlterConfigOp.OpType.SET))),
                    new AlterConfigsOptions().validateOnly(true)).all().get();
            assertThat(cleaner.config().threads()).as("validate-only changes nothing").isEqualTo(3);

            broker.restart();
            admin.close();
            admin = broker.admin();
            LogCleaner restarted = broker.broker().components().logs().cleaner().orElseThrow();
            assertThat(restarted.config().threads()).isEqualTo(3);
            assertThat(restarted.config().maxIoBytesPerSec()).isEqualTo(4194304);
            assertCleanerConfig("log.cleaner.threads", "3", ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        } finally {
            for (ConfigResource resource : List.of(node, clusterDefault)) {
                admin.incrementalAlterConfigs(Map.of(resource, List.of(
                        new AlterConfigOp(new ConfigEntry("log.cleaner.threads", ""), AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("log.cleaner.dedupe.buffer.size", ""),
                                AlterConfigOp.OpType.DELETE),
                        new AlterConfigOp(new ConfigEntry("log.cleaner.io.max.bytes.per.second", ""),
                                AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
        assertThat(broker.broker().components().logs().cleaner().orElseThrow().config().threads()).isEqualTo(1);
    }

    private static void set(ConfigResource resource, String name, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(name, value),
                AlterConfigOp.OpType.SET)))).all().get();
    }

    private static void assertRefused(ConfigResource resource, String name, String value, String message) {
        assertThatThrownBy(() -> set(resource, name, value)).as(name + "=" + value)
                .cause().isInstanceOf(InvalidRequestException.class).hasMessageContaining(message);
    }

    private static void assertCleanerConfig(String name, String value, ConfigEntry.ConfigSource source)
            throws Exception {
        ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        ConfigEntry entry = admin.describeConfigs(List.of(node)).all().get().get(node).get(name);
        assertThat(entry.value()).as(name).isEqualTo(value);
        assertThat(entry.source()).as(name).isEqualTo(source);
        assertThat(entry.isReadOnly()).as(name).isFalse();
    }

    /** Until a read from the beginning holds exactly one record per key, the latest (a trickle rolls segments). */
    private static void awaitLatestPerKey(KafkaProducer<String, String> producer, String topic,
                                          Map<String, String> expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            producer.send(new ProducerRecord<>(topic, "heartbeat", "tick")).get();
            Map<String, List<String>> byKey = new HashMap<>();
            for (ConsumerRecord<String, String> r : broker.readAll(topic)) {
                if (!r.key().equals("heartbeat")) {
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
            }
            Map<String, String> seen = new HashMap<>();
            byKey.forEach((key, values) -> {
                assertThat(values).as(key).hasSize(1);
                seen.put(key, values.get(0));
            });
            assertThat(seen).isEqualTo(expected);
        });
    }

    private static String policy(ConfigResource resource) throws Exception {
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value();
    }
}
