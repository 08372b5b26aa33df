package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.storage.LogCleaner;
import dev.voltstream.broker.storage.PartitionLog;

/** In a cluster every replica, leader and followers, cleans its own copy of a compacted partition. */
@Timeout(180)
class CompactionClusterIT {
    private static final int SIZE = 3;

    @TempDir
    Path dir;

    @Test
    void everyReplicaCleansItsOwnLog() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, SIZE, Map.of("log.cleaner.backoff.ms", "50",
                "log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024)))) {
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("availability", 1, (short) SIZE).configs(Map.of(
                        "cleanup.policy", "compact", "segment.bytes", "4096", "min.cleanable.dirty.ratio", "0.01"))))
                        .all().get();
                ClusterIT.describeCreated(admin, "availability");
            }
            int written = 0;
            try (KafkaProducer<String, String> producer = ClusterIT.producer(cluster.bootstrapServers(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.BATCH_SIZE_CONFIG, 1024))) {
                for (int round = 0; round < 60; round++) {
                    for (int station = 0; station < 10; station++) {
                        producer.send(new ProducerRecord<>("availability", "station-" + station, "r" + round));
                        written++;
                    }
                }
                producer.flush();
            }
            TopicPartition tp = new TopicPartition("availability", 0);
            long end = written;
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (int id = 1; id <= SIZE; id++) {
                    PartitionLog log = cluster.broker(id).components().logs().getLog(tp).orElseThrow();
                    LogCleaner cleaner = cluster.broker(id).components().logs().cleaner().orElseThrow();
                    assertThat(log.logEndOffset()).as("broker %d", id).isEqualTo(end);
                    assertThat(cleaner.passes()).as("broker %d cleaned", id).isPositive();
                    assertThat(cleaner.bytesWritten()).as("broker %d", id).isLessThan(cleaner.bytesRead());
                }
            });
            Map<String, String> latest = new HashMap<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        latest.put(r.key(), r.value());
                    }
                    return consumer.position(tp) >= end;
                });
            }
            assertThat(latest).hasSize(10).allSatisfy((k, v) -> assertThat(v).isEqualTo("r59"));
        }
    }
}
