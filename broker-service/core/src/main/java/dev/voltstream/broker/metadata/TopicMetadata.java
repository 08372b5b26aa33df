package dev.voltstream.broker.metadata;

import java.util.Map;

import org.apache.kafka.common.Uuid;

/** A topic as the cluster knows it: name, id, partition count and the configs set on it (overrides only). */
public record TopicMetadata(String name, Uuid id, int partitions, Map<String, String> configs) {

    public TopicMetadata {
        configs = Map.copyOf(configs);
    }

    /** Kafka's internal topics start with two underscores ({@code __consumer_offsets}). */
    public boolean internal() {
        return name.startsWith("__");
    }

    public TopicMetadata withPartitions(int count) {
        return new TopicMetadata(name, id, count, configs);
    }

    public TopicMetadata withConfigs(Map<String, String> newConfigs) {
        return new TopicMetadata(name, id, partitions, newConfigs);
    }
}
