package dev.voltstream.broker.cluster.image;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

import dev.voltstream.broker.metadata.PartitionState;

/**
 * One immutable version of the cluster metadata, as of the Raft log index {@code offset}. Every broker holds the same
 * sequence of images because every broker applies the same log.
 */
public record ClusterImage(long offset, SortedMap<Integer, BrokerRegistration> brokers,
                           SortedMap<String, TopicImage> topics) {
    public static final ClusterImage EMPTY = new ClusterImage(0, new TreeMap<>(), new TreeMap<>());

    public ClusterImage {
        brokers = Collections.unmodifiableSortedMap(new TreeMap<>(brokers));
        topics = Collections.unmodifiableSortedMap(new TreeMap<>(topics));
    }

    public Optional<PartitionState> partition(TopicPartition tp) {
        TopicImage topic = topics.get(tp.topic());
        if (topic == null || tp.partition() < 0 || tp.partition() >= topic.partitions().size()) {
            return Optional.empty();
        }
        return Optional.of(topic.partitions().get(tp.partition()));
    }

    public boolean alive(int brokerId) {
        BrokerRegistration b = brokers.get(brokerId);
        return b != null && !b.fenced();
    }

    public long aliveCount() {
        return brokers.values().stream().filter(b -> !b.fenced()).count();
    }

    ClusterImage with(long newOffset, Map<Integer, BrokerRegistration> newBrokers, Map<String, TopicImage> newTopics) {
        return new ClusterImage(newOffset, new TreeMap<>(newBrokers), new TreeMap<>(newTopics));
    }
}
