package dev.voltstream.broker.cluster.internal.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;

import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.metadata.TopicMetadata;

/** A topic in the cluster metadata: id, config overrides and every partition's state (index = partition number). */
public record TopicImage(String name, Uuid id, Map<String, String> configs, List<PartitionState> partitions) {
    public TopicImage {
        configs = Map.copyOf(configs);
        partitions = List.copyOf(partitions);
    }

    public TopicMetadata metadata() {
        return new TopicMetadata(name, id, partitions.size(), configs);
    }

    public TopicImage withPartition(int index, PartitionState state) {
        List<PartitionState> copy = new ArrayList<>(partitions);
        copy.set(index, state);
        return new TopicImage(name, id, configs, copy);
    }
}
