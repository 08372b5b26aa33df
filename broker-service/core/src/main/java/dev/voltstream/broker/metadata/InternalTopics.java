package dev.voltstream.broker.metadata;

import java.util.Map;

import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What cluster mode's internal topics ({@link OffsetsTopic}, {@link TransactionStateTopic}) share: created through the
 * metadata quorum on first need, with a replication factor capped at the brokers alive, and a
 * {@code min.insync.replicas} read from the topic's configs.
 */
final class InternalTopics {
    private static final Logger LOG = LoggerFactory.getLogger(InternalTopics.class);

    private InternalTopics() {
    }

    /** The replication factor to create with: {@code wanted}, at most the brokers alive, at least 1. */
    static short replicationFactor(TopicService topics, short wanted) {
        return (short) Math.max(1, Math.min(wanted, topics.aliveBrokers()));
    }

    /** Creates the topic unless it exists; false if that failed (the caller answers COORDINATOR_NOT_AVAILABLE). */
    static boolean ensureCreated(TopicService topics, String name, int partitions, short rf,
                                 Map<String, String> configs) {
        if (topics.registry().byName(name).isPresent()) {
            return true;
        }
        try {
            topics.create(name, partitions, rf, configs, false);
            LOG.info("Created {} with {} partitions, replication factor {}", name, partitions, rf);
            return true;
        } catch (TopicExistsException e) {
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Cannot create {}: {}", name, e.toString());
            return false;
        }
    }

    /** The topic's {@code min.insync.replicas}, else {@code fallback}. */
    static int minInsyncReplicas(TopicService topics, String name, int fallback) {
        String value = topics.registry().byName(name).map(t -> t.configs().get("min.insync.replicas")).orElse(null);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
