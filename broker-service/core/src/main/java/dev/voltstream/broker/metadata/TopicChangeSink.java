package dev.voltstream.broker.metadata;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.errors.ApiException;

/**
 * Where validated topic changes are decided in cluster mode (the metadata quorum). Each call returns once the change
 * is committed and applied to this broker's {@link TopicRegistry}; a refusal of the whole change (the quorum did not
 * answer in time, say) is thrown as the Kafka error.
 */
public interface TopicChangeSink {
    /**
     * Creates the validated {@code topics} in one decision (one metadata commit, all of them at once on every
     * broker); one that the quorum refuses (created meanwhile by another broker, say) is left out alone.
     *
     * @return the refusal of each topic not created, by name; those absent were created
     */
    Map<String, ApiException> create(List<NewTopic> topics);

    /**
     * Grows each topic of {@code grown} (as validated: its id, its new partition count) in one decision.
     *
     * @return the refusal of each topic not grown, by name
     */
    Map<String, ApiException> createPartitions(List<TopicMetadata> grown);

    /**
     * Gives each topic of {@code updated} its configs in one decision (one metadata commit). Each is the topic as it
     * was validated (its id) with its new configs; one deleted or re-created meanwhile is skipped, not refused.
     */
    void replaceConfigs(List<TopicMetadata> updated);

    /**
     * Deletes the {@code topics} (as resolved: name and id) in one decision; one deleted or re-created meanwhile is
     * refused with UNKNOWN_TOPIC_OR_PARTITION.
     *
     * @return the refusal of each topic not deleted, by name
     */
    Map<String, ApiException> delete(List<TopicMetadata> topics);

    /** Starts or replaces the reassignment of one partition to {@code target}; cancels it when null (KIP-455). */
    void reassign(String topic, int partition, List<Integer> target);

    /** Elects the partition's preferred replica, or (unclean) any alive replica when it has no leader. */
    void electLeader(String topic, int partition, boolean unclean);

    /** Brokers registered and not fenced: the most replicas a new topic can have. */
    int aliveBrokers();
}
