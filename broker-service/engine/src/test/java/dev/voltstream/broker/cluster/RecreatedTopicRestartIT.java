package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic deleted and created again under the same name keeps the new topic's records across a restart of the whole
 * cluster: replaying the metadata log passes through the deletion of the old topic, which must not delete the log
 * the new topic wrote under the same directory name.
 */
@Timeout(180)
class RecreatedTopicRestartIT {
    private static final int SIZE = 3;

    @TempDir
    Path dir;

    @Test
    void theRecreatedTopicsRecordsSurviveAFullRestart() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, SIZE, Map.of())) {
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) SIZE))).all().get();
                ClusterIT.describeCreated(admin, "orders");
                send(cluster, "old-1", "old-2");
                admin.deleteTopics(List.of("orders")).all().get();
                await().atMost(Duration.ofSeconds(10)).until(() -> !admin.listTopics().names().get()
                        .contains("orders"));
                admin.createTopics(List.of(new NewTopic("orders", 1, (short) SIZE))).all().get();
                ClusterIT.describeCreated(admin, "orders");
                send(cluster, "new-1");
            }
            IntStream.rangeClosed(1, SIZE).forEach(cluster::stop);
            CompletableFuture.allOf(IntStream.rangeClosed(1, SIZE)
                    .mapToObj(id -> CompletableFuture.runAsync(() -> cluster.start(id)))
                    .toArray(CompletableFuture[]::new)).join();

            List<ConsumerRecord<String, String>> records = ClusterIT.consumeAll(cluster, "orders", 1);
            assertThat(records).extracting(ConsumerRecord::value).containsExactly("new-1");
        }
    }

    private static void send(InProcessCluster cluster, String... values) throws Exception {
        try (KafkaProducer<String, String> producer = ClusterIT.producer(cluster.bootstrapServers(), Map.of())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>("orders", "k", value)).get();
            }
        }
    }
}
