package dev.voltstream.broker.metadata;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Utils;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The internal {@code __transaction_state} topic of cluster mode, where transaction coordinators keep the state of
 * every transactional id: {@code transaction.state.log.num.partitions} partitions (default {@value
 * #DEFAULT_PARTITIONS}; Kafka's 50 is sized for much larger clusters), replicated {@code
 * transaction.state.log.replication.factor} times (default 3, capped at the brokers alive when it is created), with
 * {@code min.insync.replicas} = {@code transaction.state.log.min.isr} (default 2, capped at the replication factor).
 * The coordinator of a transactional id is the leader of partition {@code abs(transactionalId.hashCode()) %
 * partitions}, as in Kafka. Created on the first FindCoordinator for a transactional id, like
 * {@link OffsetsTopic}, with the same log settings (no retention: coordinators rewrite their live state).
 */
public final class TransactionStateTopic {
    public static final String NAME = "__transaction_state";
    public static final int DEFAULT_PARTITIONS = 3;

    private final TopicService topics;
    private final int partitions;
    private final short replicationFactor;
    private final int minIsr;

    public TransactionStateTopic(TopicService topics, BrokerConfig config) {
        this.topics = topics;
        this.partitions = config.getInt("transaction.state.log.num.partitions", DEFAULT_PARTITIONS);
        this.replicationFactor = (short) config.getInt("transaction.state.log.replication.factor", 3);
        this.minIsr = config.getInt("transaction.state.log.min.isr", 2);
    }

    /** The partition holding a transactional id's state. */
    public static int partitionFor(String transactionalId, int partitionCount) {
        return Utils.abs(transactionalId.hashCode()) % partitionCount;
    }

    /** The topic's partition count, -1 while it does not exist. */
    public int partitionCount() {
        return topics.registry().byName(NAME).map(TopicMetadata::partitions).orElse(-1);
    }

    /** The topic's {@code min.insync.replicas} (1 while it does not exist). */
    public int minInsyncReplicas() {
        return InternalTopics.minInsyncReplicas(topics, NAME, 1);
    }

    /** Creates the topic through the metadata quorum unless it exists; false if that failed. */
    public boolean ensureCreated() {
        if (topics.registry().byName(NAME).isPresent()) {
            return true;
        }
        short rf = InternalTopics.replicationFactor(topics, replicationFactor);
        Map<String, String> configs = new HashMap<>(OffsetsTopic.LOG_CONFIGS);
        configs.put("min.insync.replicas", Integer.toString(Math.max(1, Math.min(minIsr, rf))));
        return InternalTopics.ensureCreated(topics, NAME, partitions, rf, configs);
    }
}
