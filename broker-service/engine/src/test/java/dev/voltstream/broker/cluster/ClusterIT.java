package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers in one JVM: metadata through the Raft quorum, RF=3 replication with the ISR, acks=all, leader
 * failover on a controlled shutdown, min.insync.replicas, and a restarted broker rejoining the ISR.
 */
@Timeout(120)
class ClusterIT {
    @TempDir
    Path dir;

    @Test
    void replicatesAndFailsOverWithinTheCluster() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(admin.describeCluster().controller().get().id()).isIn(1, 2, 3);

            ClusterTopics.create(admin, new NewTopic("orders", 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")));
            TopicDescription created = describeCreated(admin, "orders");
            for (TopicPartitionInfo p : created.partitions()) {
                assertThat(p.replicas()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                assertThat(p.isr()).hasSize(3);
            }
            // Leaders are spread over the brokers.
            assertThat(created.partitions().stream().map(p -> p.leader().id()).distinct()).hasSize(3);
            // An explicit assignment is kept as given, its first replica leading.
            ClusterTopics.create(admin, new NewTopic("pinned", Map.of(0, List.of(3, 1))));
            TopicPartitionInfo pinned = describeCreated(admin, "pinned").partitions().get(0);
            assertThat(pinned.replicas()).extracting(Node::id).containsExactly(3, 1);
            assertThat(pinned.leader().id()).isEqualTo(3);

            try (KafkaProducer<String, String> producer = producer(cluster)) {
                for (int i = 0; i < 300; i++) {
                    producer.send(new ProducerRecord<>("orders", "k" + (i % 30), "v" + i)).get();
                }
            }
            assertThat(consumeAll(cluster, "orders", 300)).hasSize(300);
            // Every replica holds every record (the followers fetched them).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int id = 1; id <= 3; id++) {
                    long total = 0;
                    for (int p = 0; p < 3; p++) {
                        total += cluster.broker(id).components().replicas()
                                .partition(new TopicPartition("orders", p)).orElseThrow().logEndOffset();
                    }
                    assertThat(total).isEqualTo(300);
                }
            });

            // Stop the leader of partition 0: another ISR member takes over with a bumped epoch.
            TopicPartitionInfo before = created.partitions().get(0);
            int victim = before.leader().id();
            TopicPartition first = new TopicPartition("orders", 0);
            long victimEnd = cluster.broker(victim).components().replicas().partition(first).orElseThrow()
                    .logEndOffset();
            cluster.stop(victim);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                TopicPartitionInfo now = describe(admin, "orders").partitions().get(0);
                assertThat(now.leader()).isNotNull();
                assertThat(now.leader().id()).isNotEqualTo(victim);
                assertThat(now.isr()).extracting(Node::id).doesNotContain(victim);
            });
            try (KafkaProducer<String, String> producer = producer(cluster)) {
                for (int i = 300; i < 400; i++) {
                    producer.send(new ProducerRecord<>("orders", "k" + (i % 30), "v" + i)).get();
                }
            }
            assertThat(consumeAll(cluster, "orders", 400)).hasSize(400);

            // DeleteRecords at the leader of everything the stopped victim lacks: the followers' logs start there
            // too, and the victim, whose log now ends below the leader's start, must start empty there on return.
            int leader = describe(admin, "orders").partitions().get(0).leader().id();
            long deletedBefore = cluster.broker(leader).components().replicas().partition(first).orElseThrow()
                    .highWatermark();
            assertThat(deletedBefore).isGreaterThan(victimEnd);
            admin.deleteRecords(Map.of(first, RecordsToDelete.beforeOffset(deletedBefore))).all().get();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int id = 1; id <= 3; id++) {
                    if (id != victim) {
                        assertThat(cluster.broker(id).components().replicas().partition(first).orElseThrow()
                                .logStartOffset()).isEqualTo(deletedBefore);
                    }
                }
            });

            // min.insync.replicas=3 cannot be met with two brokers alive.
            ClusterTopics.create(admin, new NewTopic("strict", 1, (short) 2)
                    .configs(Map.of("min.insync.replicas", "3")));
            // No retries, so the retriable error reaches the application instead of a delivery timeout.
            try (KafkaProducer<String, String> producer = producer(cluster, Map.of(
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.RETRIES_CONFIG, 0))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("strict", "k", "v")).get())
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(NotEnoughReplicasException.class);
            }

            // The stopped broker comes back, catches up and rejoins every ISR.
            cluster.start(victim);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (TopicPartitionInfo p : describe(admin, "orders").partitions()) {
                    assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                }
            });
            // The leaders that took the victim back counted one ISR expansion per partition (the /metrics counter).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                long expands = 0;
                for (int id = 1; id <= 3; id++) {
                    if (id != victim) {
                        expands += cluster.broker(id).metrics().isrExpands();
                    }
                }
                assertThat(expands).isGreaterThanOrEqualTo(3);
            });
            assertThat(cluster.broker(victim).components().replicas().partition(first).orElseThrow()
                    .logStartOffset()).isEqualTo(deletedBefore);
            long victimTotal = 0;
            for (int p = 0; p < 3; p++) {
                victimTotal += cluster.broker(victim).components().replicas()
                        .partition(new TopicPartition("orders", p)).orElseThrow().logEndOffset();
            }
            assertThat(victimTotal).isEqualTo(400);
        }
    }

    /**
     * CreateTopics answers once the broker that took it applied the change; the broker the admin asks next may apply
     * it a moment later (as in Kafka, whose tests wait for the topic too).
     */
    static TopicDescription describeCreated(Admin admin, String topic) {
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> describe(admin, topic),
                java.util.Objects::nonNull);
    }

    static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }

    private static KafkaProducer<String, String> producer(InProcessCluster cluster) {
        return producer(cluster, Map.of());
    }

    private static KafkaProducer<String, String> producer(InProcessCluster cluster, Map<String, Object> extra) {
        return producer(cluster.bootstrapServers(), extra);
    }

    static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    static List<ConsumerRecord<String, String>> consumeAll(InProcessCluster cluster, String topic, int expected) {
        return consumeAll(cluster.bootstrapServers(), topic, expected);
    }

    static List<ConsumerRecord<String, String>> consumeAll(String bootstrapServers, String topic, int expected) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }
}
