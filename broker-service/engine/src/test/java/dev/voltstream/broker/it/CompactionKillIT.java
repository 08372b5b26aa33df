package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.BrokerProcess;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * kill -9 while the log cleaner works: a broker process whose default policy is {@code compact}
 * ({@code log.cleanup.policy}) cleans a topic continuously (tiny segments, 10 ms backoff) under a stream of updates,
 * and is killed once it has cleaned. After recovery every key reads back its values in order, the last one at least
 * the last acknowledged, and nothing acknowledged as a key's latest is lost.
 */
class CompactionKillIT {
    @TempDir
    Path dir;

    @Test
    void killDashNineWhileCleaningLosesNoKeysLatestValue() throws Exception {
        int port = BrokerProcess.freePort();
        Path props = dir.resolve("server.properties");
        Path logDir = dir.resolve("logs");
        Files.writeString(props, "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:" + port + "\nlog.dirs=" + logDir
                + "\nnum.partitions=1\nlog.segment.bytes=8192\nlog.cleanup.policy=compact\n"
                + "log.cleaner.backoff.ms=10\nlog.cleaner.min.cleanable.ratio=0.01\n"
                + "log.cleaner.dedupe.buffer.size=2097152\nlog.cleaner.delete.retention.ms=60000\n");
        Process broker = BrokerProcess.start(props);
        Map<String, Integer> lastAcked = new ConcurrentHashMap<>();
        Path partitionDir = logDir.resolve("stations-0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.BATCH_SIZE_CONFIG, 2048,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer"))) {
            long deadline = System.currentTimeMillis() + 60_000;
            int n = 0;
            // Write until the cleaner has checkpointed at least once and the log still has several segments, then
            // kill it in the middle of the next passes.
            while (System.currentTimeMillis() < deadline
                    && !(Files.exists(partitionDir.resolve("cleaner-offset-checkpoint")) && n > 30_000)) {
                String key = "station-" + (n % 50);
                int value = n++;
                producer.send(new ProducerRecord<>("stations", key, Integer.toString(value)), (md, e) -> {
                    if (e == null) {
                        lastAcked.merge(key, value, Math::max);
                    }
                });
            }
            assertThat(Files.exists(partitionDir.resolve("cleaner-offset-checkpoint"))).as("the cleaner ran").isTrue();
            for (int i = 0; i < 5_000; i++, n++) {
                String key = "station-" + (n % 50);
                int value = n;
                producer.send(new ProducerRecord<>("stations", key, Integer.toString(value)), (md, e) -> {
                    if (e == null) {
                        lastAcked.merge(key, value, Math::max);
                    }
                });
            }
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL while producing and cleaning
            producer.flush();
        } finally {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(lastAcked).hasSize(50);

        try (TestBroker restarted = TestBroker.start(logDir)) {
            Map<String, List<Integer>> byKey = new HashMap<>();
            try (KafkaConsumer<String, String> consumer = restarted.consumer(Map.of())) {
                TopicPartition tp = new TopicPartition("stations", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
                    }
                    return consumer.position(tp) >= end;
                });
            }
            lastAcked.forEach((key, acked) -> {
                List<Integer> values = byKey.get(key);
                assertThat(values).as(key).isNotEmpty().isSorted().doesNotHaveDuplicates();
                assertThat(values.get(values.size() - 1)).as(key).isGreaterThanOrEqualTo(acked);
            });
            try (Stream<Path> files = Files.list(partitionDir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".cleaned") || name.endsWith(".swap"));
            }
        }
    }
}
