package dev.voltstream.broker.config.dynamic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

import dev.voltstream.broker.metadata.TopicConfigNames;
import dev.voltstream.broker.metadata.TopicService;

/**
 * Replaces the config set of a topic or broker resource after validating it, honouring validate-only. A broker
 * change re-applies the log settings of every topic, so new {@code log.*} defaults reach topics without overrides at
 * once.
 */
public final class ConfigUpdater {
    private final TopicService topics;
    private final DynamicBrokerConfigs brokerConfigs;
    private final int localNodeId;

    public ConfigUpdater(TopicService topics, DynamicBrokerConfigs brokerConfigs, int localNodeId) {
        this.topics = topics;
        this.brokerConfigs = brokerConfigs;
        this.localNodeId = localNodeId;
    }

    public int localNodeId() {
        return localNodeId;
    }

    /** The topic's overrides. @throws org.apache.kafka.common.errors.UnknownTopicOrPartitionException if unknown */
    public Map<String, String> topicConfigs(String topic) {
        return topics.existing(topic).configs();
    }

    /** Replaces a topic's overrides; INVALID_CONFIG naming the config when a name or value is bad. */
    public void replaceTopicConfigs(String topic, Map<String, String> configs, boolean validateOnly) {
        topics.existing(topic);
        TopicConfigNames.validate(configs);
        configs.forEach((name, value) -> ConfigValues.validate(TopicConfigCatalog.key(name).orElseThrow(), value));
        topics.replaceConfigs(topic, configs, validateOnly);
    }

    public Map<String, String> brokerConfigs(String resourceName) {
        return brokerConfigs.configs(BrokerScope.of(resourceName, localNodeId));
    }

    /**
     * Replaces the dynamic configs of a broker resource (this node's id, or "" for the cluster default). Like Kafka,
     * a broker config that fails validation is an INVALID_REQUEST.
     */
    public void replaceBrokerConfigs(String resourceName, Map<String, String> configs, boolean validateOnly) {
        BrokerScope scope = BrokerScope.of(resourceName, localNodeId);
        List<String> nonDynamic = new ArrayList<>(new TreeSet<>(configs.keySet()).stream()
                .filter(name -> !BrokerConfigCatalog.isDynamic(name)).toList());
        if (!nonDynamic.isEmpty()) {
            throw new InvalidRequestException("Cannot update these configs dynamically: " + nonDynamic);
        }
        try {
            configs.forEach((name, value) -> BrokerConfigCatalog.key(name)
                    .ifPresent(key -> ConfigValues.validate(key, value)));
            brokerConfigs.preview(scope, configs);
            if (validateOnly) {
                return;
            }
            brokerConfigs.replace(scope, configs);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        topics.reapplyLogConfigs();
    }
}
