package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * KIP-73's replication throttles, as {@code kafka-reassign-partitions.sh --throttle} sets them: a reassignment's new
 * replica copies no faster than the leader's {@code leader.replication.throttled.rate} (or its own
 * {@code follower.replication.throttled.rate}) allows for the replicas the topic lists, and catches up at full speed
 * once the throttle is removed.
 */
@Timeout(240)
class ReplicationThrottleIT {
    private static final int RATE = 100_000;
    private static final int RECORDS = 8_000;
    private static final int RECORD_BYTES = 1_000;
    private static Path dir;
    private static InProcessCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("replication-throttle");
        cluster = new InProcessCluster(dir, 3, Map.of());
        admin = cluster.admin();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theLeaderSendsAThrottledReplicaNoMoreThanItsRate() throws Exception {
        movesThrottled("led", 2, new ConfigResource(ConfigResource.Type.BROKER, "1"),
                "leader.replication.throttled.rate", "leader.replication.throttled.replicas", "0:1");
    }

    @Test
    void theFollowerFetchesAThrottledReplicaNoFasterThanItsRate() throws Exception {
        movesThrottled("followed", 3, new ConfigResource(ConfigResource.Type.BROKER, "3"),
                "follower.replication.throttled.rate", "follower.replication.throttled.replicas", "0:3");
    }

    private void movesThrottled(String topic, int newReplica, ConfigResource throttledBroker, String rateName,
                                String replicasName, String replicas) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1))))).all().get();
        produce(topic);
        set(throttledBroker, rateName, Integer.toString(RATE));
        set(new ConfigResource(ConfigResource.Type.TOPIC, topic), replicasName, replicas);
        long total = size(1, tp);
        assertThat(total).isGreaterThanOrEqualTo((long) RECORDS * RECORD_BYTES);

        long start = System.nanoTime();
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(1, newReplica)))))
                .all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> size(newReplica, tp) > 0);
        // A rate is bytes over time, so time must pass (no condition to await): the first window lets a burst through
        // (the rate is measured over at least 10 s, as Kafka does), then the copy waits for the rate to come down.
        Thread.sleep(4_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        long copied = size(newReplica, tp);
        long allowed = (long) (RATE * (10 + seconds)) + 2 * 1024 * 1024; // rate over the window + fetches in flight
        assertThat(copied).as("bytes copied in %.1f s under a %d B/s throttle", seconds, RATE)
                .isLessThan(Math.min(allowed, total));

        delete(throttledBroker, rateName);
        await().atMost(Duration.ofSeconds(60)).until(() -> size(newReplica, tp) == total);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.listPartitionReassignments().reassignments().get()
                .isEmpty());
        delete(new ConfigResource(ConfigResource.Type.TOPIC, topic), replicasName);
    }

    private static void produce(String topic) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[RECORD_BYTES];
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, null, value));
            }
            producer.flush();
        }
    }

    private static long size(int broker, TopicPartition tp) throws Exception {
        return admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker).values().stream()
                .map(d -> d.replicaInfos().get(tp)).filter(r -> r != null).mapToLong(ReplicaInfo::size).sum();
    }

    private static void set(ConfigResource resource, String name, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(name, value),
                AlterConfigOp.OpType.SET)))).all().get();
    }

    private static void delete(ConfigResource resource, String name) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(name, ""),
                AlterConfigOp.OpType.DELETE)))).all().get();
    }
}
