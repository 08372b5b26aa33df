package dev.voltstream.broker.config.dynamic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;

import dev.voltstream.broker.metadata.TopicConfigNames;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;

/**
 * Replaces the config set of a topic or broker resource after validating it, honouring validate-only. Topics are
 * validated one by one and then replaced together, as one metadata commit in cluster mode. A broker change re-applies
 * the log settings of every topic, so new {@code log.*} defaults reach topics without overrides at once.
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

    /**
     * Checks a topic's new overrides, changing nothing: UNKNOWN_TOPIC_OR_PARTITION, or INVALID_CONFIG naming the config
     * when a name or value is bad. Returns the topic as it is now with {@code configs}, for
     * {@link #replaceTopicConfigs(List)}.
     */
    public TopicMetadata validateTopicConfigs(String topic, Map<String, String> configs) {
        topics.existing(topic);
        TopicConfigNames.validate(configs); // before the values: a bad name has no catalog key
        configs.forEach((name, value) -> ConfigValues.validate(TopicConfigCatalog.key(name).orElseThrow(), value));
        return topics.validateConfigs(topic, configs);
    }

    /**
     * Replaces the overrides of several validated topics together (one metadata commit in cluster mode).
     *
     * @return the topics skipped because they were deleted or re-created since their validation
     */
    public Set<String> replaceTopicConfigs(List<TopicMetadata> validated) {
        return topics.replaceConfigs(validated);
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
