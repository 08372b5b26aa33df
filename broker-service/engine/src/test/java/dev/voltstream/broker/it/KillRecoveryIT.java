package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.BrokerMain;
import dev.voltstream.broker.testkit.BrokerProcess;
import dev.voltstream.broker.testkit.TestBroker;

import static org.awaitility.Awaitility.await;

/**
 * kill -9 in the middle of a stream of writes: after recovery every acknowledged record is there, once, in order.
 * The broker runs in a child JVM (started with {@link BrokerMain}, as users do) so it can be killed for real.
 */
class KillRecoveryIT {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillDashNine() throws Exception {
        int port = BrokerProcess.freePort();
        Path props = dir.resolve("server.properties");
        Path logDir = dir.resolve("logs");
        Files.writeString(props, "node.id=1\nlisteners=PLAINTEXT://127.0.0.1:" + port + "\nlog.dirs=" + logDir
                + "\nnum.partitions=1\nlog.segment.bytes=65536\n");
        Process broker = BrokerProcess.start(props);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            String bootstrap = "127.0.0.1:" + port;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                    ProducerConfig.LINGER_MS_CONFIG, 1,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer",
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer"))) {
                for (int i = 0; i <= 10_000; i++) {
                    int n = i;
                    producer.send(new ProducerRecord<>("crash", "k", Integer.toString(n)), (md, e) -> {
                        if (e == null) {
                            acknowledged.add(n);
                        }
                    });
                    if (i == 10_000) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > 5_000);
                        broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-stream
                        break;
                    }
                }
                producer.flush();
            }
        } finally {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(acknowledged).hasSizeGreaterThan(5_000);

        try (TestBroker restarted = TestBroker.start(logDir)) {
            List<Integer> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = restarted.consumer(Map.of())) {
                TopicPartition tp = new TopicPartition("crash", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                long deadline = System.currentTimeMillis() + 30_000;
                while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        read.add(Integer.parseInt(r.value()));
                    }
                }
            }
            assertThat(read).doesNotHaveDuplicates().isSorted().containsAll(acknowledged);
        }
    }

}
