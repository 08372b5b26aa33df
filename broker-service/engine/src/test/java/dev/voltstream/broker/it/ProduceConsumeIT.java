package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.TestBroker;

/** Stock Java producer and consumer (assign + seek) against the in-process broker. */
class ProduceConsumeIT {
    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() {
        broker = TestBroker.start(dir);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void keyedRecordsLandInTheKeysPartitionAndComeBackInOrder() throws Exception {
        createTopic("orders", 3);
        Map<String, List<String>> sentPerKey = new HashMap<>();
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 300; i++) {
                String key = "account-" + (i % 7);
                String value = key + "#" + i;
                RecordMetadata md = producer.send(new ProducerRecord<>("orders", key, value)).get(10, TimeUnit.SECONDS);
                int expected = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
                assertThat(md.partition()).as("partition of %s", key).isEqualTo(expected);
                sentPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }

        Map<String, List<String>> readPerKey = new HashMap<>();
        for (ConsumerRecord<String, String> r : readAll("orders", 3, 300)) {
            readPerKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        }
        assertThat(readPerKey).isEqualTo(sentPerKey);
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void compressedBatchesAreStoredAsSentAndReadBack(String compression) throws Exception {
        createTopic("compressed", 1);
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, compression, ProducerConfig.LINGER_MS_CONFIG, 20))) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>("compressed", "k" + i, "value-" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> records = readAll("compressed", 1, 500);
        assertThat(records).extracting(ConsumerRecord::offset).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 500).boxed().toList());
        assertThat(records.get(499).value()).isEqualTo("value-499");
    }

    @Test
    void seekReadsFromTheMiddleOfTheLog() throws Exception {
        createTopic("seek", 1);
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>("seek", "v" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition("seek", 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 42);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 10_000;
            while (got.size() < 58 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).first().satisfies(r -> {
                assertThat(r.offset()).isEqualTo(42);
                assertThat(r.value()).isEqualTo("v42");
            });
            assertThat(got).hasSize(58);
        }
    }

    @Test
    void aLongPollFetchReturnsAsSoonAsDataArrives() throws Exception {
        createTopic("waiting", 1);
        KafkaConsumer<String, String> consumer = broker.consumer(Map.of("fetch.max.wait.ms", 20_000));
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            consumer.assign(List.of(new TopicPartition("waiting", 0)));
            consumer.poll(Duration.ofMillis(300));
            producer.send(new ProducerRecord<>("waiting", "late")).get();
            long start = System.nanoTime();
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            while (got.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
                consumer.poll(Duration.ofSeconds(15)).forEach(got::add);
            }
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("late");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            // The consumer's next fetch is parked on the broker for fetch.max.wait.ms; don't wait for it.
            consumer.close(Duration.ZERO);
        }
    }

    @Test
    void autoCreatedTopicGetsTheBrokerDefaultPartitionCount() throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(Map.of())) {
            RecordMetadata md = producer.send(new ProducerRecord<>("auto-created", "x")).get(10, TimeUnit.SECONDS);
            assertThat(md.offset()).isZero();
        }
        try (Admin admin = broker.admin()) {
            assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get().get("auto-created")
                    .partitions()).hasSize(1);
        }
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = broker.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
    }

    private List<ConsumerRecord<String, String>> readAll(String topic, int partitions, int expected) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(Map.of())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(topic, p));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.currentTimeMillis() + 20_000;
            while (all.size() < expected && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        assertThat(all).hasSize(expected);
        return all;
    }
}
