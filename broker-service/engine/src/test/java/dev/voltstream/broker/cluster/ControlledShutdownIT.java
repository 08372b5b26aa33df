package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
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

/**
 * Kafka's controlled shutdown: a leader stopped cleanly hands its leaderships to other ISR members (leader epoch
 * bumped) before its Kafka listener closes, so an acks=all producer with retries never sees a failed send.
 */
@Timeout(180)
class ControlledShutdownIT {
    private static final String TOPIC = "steady";

    @TempDir
    Path dir;

    @Test
    void aCleanlyStoppedLeaderMovesItsLeadershipsFirstAndNoSendFails() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            TopicPartition first = new TopicPartition(TOPIC, 0);
            // Broker 1 may apply the new topic a moment after the broker that took the CreateTopics.
            PartitionState before = await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> state(cluster.broker(1), first), java.util.Objects::nonNull);
            int victim = before.leader();
            int witness = victim == 1 ? 2 : 1;

            Queue<Exception> failures = new ConcurrentLinkedQueue<>();
            Set<String> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            Thread producer = new Thread(() -> {
                try (KafkaProducer<String, String> p = ClusterIT.producer(cluster.bootstrapServers(), Map.of())) {
                    while (producing.get()) {
                        String value = "v" + sent.getAndIncrement();
                        p.send(new ProducerRecord<>(TOPIC, value, value), (metadata, e) -> {
                            if (e != null) {
                                failures.add(e);
                            } else {
                                acked.add(value);
                            }
                        });
                        if (sent.get() % 50 == 0) {
                            p.flush();
                        }
                    }
                    p.flush();
                }
            }, "steady-producer");
            producer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > 500);

            KafkaBroker stopped = cluster.broker(victim);
            cluster.stop(victim);
            // The stopped broker's last metadata image, applied before its listener closed, already has the move.
            PartitionState lastSeenByVictim = state(stopped, first);
            assertThat(lastSeenByVictim.leader()).isNotEqualTo(victim).isNotEqualTo(-1);
            assertThat(lastSeenByVictim.leaderEpoch()).isGreaterThan(before.leaderEpoch());
            assertThat(lastSeenByVictim.isr()).doesNotContain(victim);
            assertThat(state(cluster.broker(witness), first).leader()).isEqualTo(lastSeenByVictim.leader());

            int atStop = acked.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.size() > atStop + 500);
            producing.set(false);
            producer.join(60_000);
            assertThat(failures).as("failed sends").isEmpty();

            List<ConsumerRecord<String, String>> records = ClusterIT.consumeAll(cluster.bootstrapServers(), TOPIC,
                    acked.size());
            Set<String> read = new HashSet<>();
            records.forEach(r -> read.add(r.value()));
            assertThat(read).containsAll(acked);
            assertThat(records).hasSameSizeAs(read);
        }
    }

    private static PartitionState state(KafkaBroker broker, TopicPartition tp) {
        return broker.clusterNode().orElseThrow().quorum().image().partition(tp).orElseThrow();
    }
}
