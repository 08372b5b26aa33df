package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer broker (node 4, not a voter) in a cluster of three voter processes is SIGKILLed and restarted: it is
 * fenced meanwhile, then rejoins the metadata log where its own log ended, registers again, catches up every replica
 * and serves clients again.
 */
@Timeout(240)
class ObserverKillIT {
    @TempDir
    Path dir;

    @Test
    void aKilledObserverRejoinsAndCatchesUp() throws Exception {
        try (BrokerProcesses cluster = new BrokerProcesses(dir, 3, 1);
             Admin admin = admin(cluster.bootstrapServers())) {
            awaitBrokers(cluster, admin, 1, 2, 3);
            cluster.start(4);
            awaitBrokers(cluster, admin, 1, 2, 3, 4);
            admin.createTopics(List.of(new NewTopic("observed", 4, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            assertThat(ClusterIT.describeCreated(admin, "observed").partitions()).anySatisfy(p ->
                    assertThat(p.replicas()).extracting(Node::id).contains(4));
            produce(cluster.bootstrapServers(), 0, 300);

            cluster.kill(4);
            awaitBrokers(cluster, admin, 1, 2, 3);
            produce(cluster.bootstrapServers(), 300, 300);

            cluster.start(4);
            awaitBrokers(cluster, admin, 1, 2, 3, 4);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (TopicPartitionInfo p : describe(admin).partitions()) {
                    assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrderElementsOf(
                            p.replicas().stream().map(Node::id).toList());
                }
            });
            assertThat(ClusterIT.consumeAll(cluster.bootstrapServers(4), "observed", 600)).hasSize(600);
        }
    }

    /** Waits until exactly these brokers are alive; on a time-out the brokers' output tails tell why. */
    private static void awaitBrokers(BrokerProcesses cluster, Admin admin, Integer... ids) throws Exception {
        try {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get()).extracting(Node::id)
                            .containsExactlyInAnyOrder(ids));
        } catch (ConditionTimeoutException e) {
            StringBuilder tails = new StringBuilder(e.getMessage());
            for (int id = 1; id <= 4; id++) {
                Path out = cluster.dir().resolve("broker-" + id + ".out");
                if (Files.exists(out)) {
                    List<String> lines = Files.readAllLines(out);
                    tails.append("\n--- broker ").append(id).append(" ---\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
                }
            }
            throw new AssertionError(tails.toString(), e);
        }
    }

    private static void produce(String bootstrap, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = ClusterIT.producer(bootstrap, Map.of())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>("observed", "k" + (i % 20), "v" + i)).get();
            }
        }
    }

    private static TopicDescription describe(Admin admin) throws Exception {
        return admin.describeTopics(List.of("observed")).allTopicNames().get().get("observed");
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }
}
