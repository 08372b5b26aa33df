package dev.voltstream.broker.cluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic creation for cluster tests on a busy machine. */
final class ClusterTopics {
    private ClusterTopics() {
    }

    /**
     * Creates {@code topic}, retrying while the cluster settles: on a loaded machine a JVM pause can make the
     * controller fence brokers for a moment (INVALID_REPLICATION_FACTOR: too few registered brokers) or drop a request.
     * A retry that finds the topic created by an earlier attempt is a success. Several topics go in one request.
     */
    static void create(Admin admin, NewTopic... topics) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try {
                admin.createTopics(List.of(topics)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return true;
        });
    }
}
