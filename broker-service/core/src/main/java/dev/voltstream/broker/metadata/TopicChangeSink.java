package dev.voltstream.broker.metadata;

import java.util.List;
import java.util.Map;

/**
 * Where validated topic changes are decided in cluster mode (the metadata quorum). Each call returns once the change
 * is committed and applied to this broker's {@link TopicRegistry}; a refusal is thrown as the Kafka error.
 */
public interface TopicChangeSink {
    /** {@code assignments}: explicit replicas per partition, or empty to let the cluster place them. */
    void create(String name, int partitions, short replicationFactor, Map<String, String> configs,
                List<List<Integer>> assignments);

    void createPartitions(String name, int count);

    /**
     * Gives each topic of {@code updated} its configs in one decision (one metadata commit). Each is the topic as it
     * was validated (its id) with its new configs; one deleted or re-created meanwhile is skipped, not refused.
     */
    void replaceConfigs(List<TopicMetadata> updated);

    void delete(String name);

    /** Starts or replaces the reassignment of one partition to {@code target}; cancels it when null (KIP-455). */
    void reassign(String topic, int partition, List<Integer> target);

    /** Elects the partition's preferred replica, or (unclean) any alive replica when it has no leader. */
    void electLeader(String topic, int partition, boolean unclean);

    /** Brokers registered and not fenced: the most replicas a new topic can have. */
    int aliveBrokers();
}
