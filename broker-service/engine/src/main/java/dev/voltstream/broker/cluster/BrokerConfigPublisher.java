package dev.voltstream.broker.cluster;

import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;

import dev.voltstream.broker.cluster.image.ClusterImage;
import dev.voltstream.broker.config.dynamic.DynamicBrokerConfigs;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogConfig;

/**
 * Applies the dynamic broker configs of each metadata image — the cluster-wide default and this broker's own — and
 * re-applies the log settings of every hosted partition when they change, so new {@code log.*} defaults reach topics
 * without overrides on every broker at once.
 */
final class BrokerConfigPublisher implements Consumer<ClusterImage> {
    private final String localResource;
    private final DynamicBrokerConfigs brokerConfigs;
    private final TopicService topics;
    private final ReplicaManager replicas;
    private Map<String, String> lastNode;
    private Map<String, String> lastDefault;

    BrokerConfigPublisher(int localId, DynamicBrokerConfigs brokerConfigs, TopicService topics,
                          ReplicaManager replicas) {
        this.localResource = Integer.toString(localId);
        this.brokerConfigs = brokerConfigs;
        this.topics = topics;
        this.replicas = replicas;
    }

    @Override
    public synchronized void accept(ClusterImage image) {
        Map<String, String> node = image.brokerConfigs(localResource);
        Map<String, String> defaults = image.brokerConfigs("");
        if (node.equals(lastNode) && defaults.equals(lastDefault)) {
            return;
        }
        lastNode = node;
        lastDefault = defaults;
        if (brokerConfigs.applyReplicated(node, defaults)) {
            for (TopicMetadata topic : topics.registry().all()) {
                LogConfig config = topics.logConfig(topic);
                for (int p = 0; p < topic.partitions(); p++) {
                    replicas.partition(new TopicPartition(topic.name(), p))
                            .ifPresent(partition -> partition.log().updateConfig(config));
                }
            }
        }
    }
}
