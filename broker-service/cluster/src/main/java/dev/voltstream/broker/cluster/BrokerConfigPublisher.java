package dev.voltstream.broker.cluster;

import java.util.Map;
import java.util.function.Consumer;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.config.dynamic.DynamicBrokerConfigs;
import dev.voltstream.broker.metadata.TopicService;

/**
 * Applies the dynamic broker configs of each metadata image — the cluster-wide default and this broker's own — and
 * re-applies the log settings of every hosted partition when they change, so new {@code log.*} defaults reach topics
 * without overrides on every broker at once.
 */
final class BrokerConfigPublisher implements Consumer<ClusterImage> {
    private final String localResource;
    private final DynamicBrokerConfigs brokerConfigs;
    private final TopicService topics;
    private Map<String, String> lastNode;
    private Map<String, String> lastDefault;

    BrokerConfigPublisher(int localId, DynamicBrokerConfigs brokerConfigs, TopicService topics) {
        this.localResource = Integer.toString(localId);
        this.brokerConfigs = brokerConfigs;
        this.topics = topics;
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
            topics.reapplyLogConfigs();
        }
    }
}
