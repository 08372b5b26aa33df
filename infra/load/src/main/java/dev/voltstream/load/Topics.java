package dev.voltstream.load;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates the topics of the load runs; an existing topic is left as it is. */
final class Topics {
    private Topics() {
    }

    /**
     * Creates {@code topic} with {@code partitions}, replication factor {@code replicationFactor} (-1: the broker's
     * default.replication.factor) and the given topic configs (e.g. min.insync.replicas), then waits (up to 30 s)
     * until every partition has a leader and all its replicas in sync, so that a run does not time the set-up.
     */
    static void create(String bootstrap, String topic, int partitions, short replicationFactor,
                       Map<String, String> configs) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        try (Admin admin = Admin.create(ClientConfigFile.apply(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)))) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.of(replicationFactor))
                    .configs(configs);
            try {
                admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitInSync(admin, topic);
        }
    }

    /**
     * The describe above may come from a broker that is ahead of a partition's leader. ListOffsets goes to each
     * leader, and the admin client retries it until the leader serves the partition: after that no first produce
     * request meets NOT_LEADER_OR_FOLLOWER, which on Apache Kafka 4.1 can leave an idempotent producer retrying
     * OUT_OF_ORDER_SEQUENCE_NUMBER until its batch expires (KAFKA-15591).
     */
    private static void awaitLeadersServe(Admin admin, String topic, int partitions) throws InterruptedException,
            ExecutionException, java.util.concurrent.TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
    }

    private static void awaitInSync(Admin admin, String topic) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic);
                if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()
                        && p.isr().size() == p.replicas().size())) {
                    awaitLeadersServe(admin, topic, d.partitions().size());
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            Thread.sleep(50); // polling the broker's metadata: there is no notification to wait on
        }
    }
}
