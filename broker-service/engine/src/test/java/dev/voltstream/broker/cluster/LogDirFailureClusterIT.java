package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.storage.WriteInterceptor;

/**
 * A failing disk in a cluster (Kafka's LogDirFailureChannel and the offline log dirs of its broker heartbeat): the
 * leader's log dir starts failing every write with EIO, the broker reports the replicas on it to the controller, an
 * in-sync replica on another broker takes over, and an acks=all idempotent producer goes on with nothing it saw
 * acknowledged lost or written twice. The broker itself stays up, out of the ISR of those partitions.
 */
@Timeout(180)
class LogDirFailureClusterIT {
    private static final String TOPIC = "failing-disk";

    @TempDir
    Path dir;

    @Test
    void aLeaderWhoseLogDirFailsHandsOverAndProducingGoesOnWithNothingLost() throws Exception {
        AtomicBoolean diskBroken = new AtomicBoolean();
        Path broker1Dir = dir.resolve("broker-1").toAbsolutePath();
        WriteInterceptor failingDisk = (file, bytes) -> {
            if (diskBroken.get() && file.toAbsolutePath().startsWith(broker1Dir)) {
                throw new IOException("Input/output error");
            }
        };
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of(), Map.of(1, failingDisk));
             Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Map.of(0, List.of(1, 2, 3), 1, List.of(1, 3, 2)))
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            TopicPartition p0 = new TopicPartition(TOPIC, 0);
            TopicPartition p1 = new TopicPartition(TOPIC, 1);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                    state(cluster.broker(2), p0).leader() == 1 && state(cluster.broker(2), p0).isr().size() == 3
                            && state(cluster.broker(2), p1).isr().size() == 3);

            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> {
                int n = 0;
                try (KafkaProducer<String, String> p = ClusterIT.producer(cluster.bootstrapServers(),
                        Map.of("enable.idempotence", true, "acks", "all"))) {
                    while (producing.get()) {
                        String value = "v" + n;
                        p.send(new ProducerRecord<>(TOPIC, n % 2, value, value), (md, e) -> {
                            if (e == null) {
                                acked.add(value);
                            } else {
                                failed.incrementAndGet();
                            }
                        });
                        if (++n % 50 == 0) {
                            p.flush();
                        }
                    }
                    p.flush();
                }
            }, "failing-disk-producer");
            producer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > 500);

            diskBroken.set(true);
            KafkaBroker broken = cluster.broker(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> !broken.components().logs()
                    .offlineDirs().isEmpty());
            int atFailure = acked.size();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (TopicPartition tp : List.of(p0, p1)) {
                    PartitionState state = state(cluster.broker(2), tp);
                    assertThat(state.leader()).as("leader of %s", tp).isIn(2, 3);
                    assertThat(state.isr()).as("ISR of %s", tp).doesNotContain(1).hasSize(2);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > atFailure + 1000);
            producing.set(false);
            producer.join(60_000);

            List<ConsumerRecord<String, String>> records = ClusterIT.consumeAll(cluster.bootstrapServers(2), TOPIC,
                    acked.size());
            Set<String> read = new HashSet<>();
            records.forEach(r -> read.add(r.value()));
            assertThat(read).as("every acknowledged record").containsAll(acked);
            assertThat(records).as("no record twice").hasSameSizeAs(read);
            assertThat(broken.clusterNode().orElseThrow().quorum().image().alive(1))
                    .as("the broker with the failed dir stays up and registered").isTrue();
            assertThat(failed.get()).as("sends that failed outright (retries exhausted)").isZero();
        }
    }

    private static PartitionState state(KafkaBroker broker, TopicPartition tp) {
        return broker.clusterNode().orElseThrow().quorum().image().partition(tp).orElseThrow();
    }
}
