package dev.voltstream.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics of the load runs; an existing topic is left as it is. */
final class Topics {
    private Topics() {
    }

    /**
     * Creates {@code topic} with {@code partitions}, replication factor {@code replicationFactor} (-1: the broker's
     * default.replication.factor) and the given topic configs (e.g. min.insync.replicas).
     */
    static void create(String bootstrap, String topic, int partitions, short replicationFactor,
                       Map<String, String> configs) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.of(replicationFactor))
                    .configs(configs);
            admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
