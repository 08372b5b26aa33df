package dev.voltstream.broker.metadata;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;

/**
 * A topic to create, validated by {@link TopicService#validateCreate}: partition count and replication factor (broker
 * defaults resolved), config overrides, and explicit replicas per partition (empty: the cluster places them).
 */
public record NewTopic(String name, int partitions, short replicationFactor, Map<String, String> configs,
                       List<List<Integer>> assignments) {
    public NewTopic {
        configs = Map.copyOf(configs);
        assignments = assignments.stream().map(List::copyOf).toList();
    }

    /** The topic as it would be once created, without an id yet (a validate-only answer). */
    public TopicMetadata preview() {
        return new TopicMetadata(name, Uuid.ZERO_UUID, partitions, configs);
    }
}
