package dev.voltstream.broker.metadata;

import java.util.Map;

import org.apache.kafka.common.utils.Utils;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.LogConfig;

/**
 * The internal {@code __consumer_offsets} topic of cluster mode, where group coordinators keep groups and committed
 * offsets: {@code offsets.topic.num.partitions} partitions (default {@value #DEFAULT_PARTITIONS}; Kafka's 50 is sized
 * for much larger clusters) replicated {@code offsets.topic.replication.factor} times (default 3, capped at the
 * brokers alive when it is created). The coordinator of a group is the leader of partition
 * {@code abs(groupId.hashCode()) % partitions}, as in Kafka. Created on the first FindCoordinator that needs it.
 */
public final class OffsetsTopic {
    public static final String NAME = "__consumer_offsets";
    public static final int DEFAULT_PARTITIONS = 3;
    /**
     * Compacted as in Kafka (the last record per group and per committed partition stays), and no time or size
     * retention: records also leave the log when a coordinator rewrites its live state.
     */
    public static final Map<String, String> LOG_CONFIGS = Map.of(
            "cleanup.policy", "compact",
            LogConfig.RETENTION_MS, "-1",
            LogConfig.RETENTION_BYTES, "-1",
            LogConfig.SEGMENT_BYTES, Integer.toString(100 * 1024 * 1024));

    private final TopicService topics;
    private final int partitions;
    private final short replicationFactor;

    public OffsetsTopic(TopicService topics, BrokerConfig config) {
        this.topics = topics;
        this.partitions = config.getInt("offsets.topic.num.partitions", DEFAULT_PARTITIONS);
        this.replicationFactor = (short) config.getInt("offsets.topic.replication.factor", 3);
    }

    /** The partition holding a group's records. */
    public static int partitionFor(String groupId, int partitionCount) {
        return Utils.abs(groupId.hashCode()) % partitionCount;
    }

    /** The topic's partition count: as created, else as it would be created. */
    public int partitionCount() {
        return topics.registry().byName(NAME).map(TopicMetadata::partitions).orElse(partitions);
    }

    /** The topic's {@code min.insync.replicas}, else the broker's. */
    public int minInsyncReplicas(int brokerDefault) {
        return InternalTopics.minInsyncReplicas(topics, NAME, brokerDefault);
    }

    /** Cluster mode: creates the topic through the metadata quorum unless it exists; false if that failed. */
    public boolean ensureCreated() {
        return topics.registry().byName(NAME).isPresent() || InternalTopics.ensureCreated(topics, NAME, partitions,
                InternalTopics.replicationFactor(topics, replicationFactor), LOG_CONFIGS);
    }
}
