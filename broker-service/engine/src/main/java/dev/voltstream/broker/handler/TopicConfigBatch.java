package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import dev.voltstream.broker.config.dynamic.ConfigUpdater;
import dev.voltstream.broker.metadata.TopicMetadata;

/**
 * The topic config changes of one AlterConfigs or IncrementalAlterConfigs request: each validated on its own (its
 * error stays its resource's), then all replaced together by {@link #commit()} — one metadata commit in cluster mode,
 * as Kafka's controller writes one request's config records as one batch.
 */
final class TopicConfigBatch {
    private final ConfigUpdater updater;
    private final List<TopicMetadata> topics = new ArrayList<>();
    private final List<Consumer<ApiException>> failures = new ArrayList<>();

    TopicConfigBatch(ConfigUpdater updater) {
        this.updater = updater;
    }

    /** The topic's overrides, including a change this request already made to it. */
    Map<String, String> configs(String topic) {
        for (int i = topics.size() - 1; i >= 0; i--) {
            if (topics.get(i).name().equals(topic)) {
                return topics.get(i).configs();
            }
        }
        return updater.topicConfigs(topic);
    }

    /**
     * Validates the topic's new overrides (throwing its error) and, unless {@code validateOnly}, keeps them for
     * {@link #commit()}, which reports a later failure of this topic to {@code onFailure}.
     */
    void add(String topic, Map<String, String> configs, boolean validateOnly, Consumer<ApiException> onFailure) {
        TopicMetadata validated = updater.validateTopicConfigs(topic, configs);
        if (!validateOnly) {
            topics.add(validated);
            failures.add(onFailure);
        }
    }

    /** Replaces every kept topic's overrides; one deleted meanwhile fails alone with UNKNOWN_TOPIC_OR_PARTITION. */
    void commit() {
        if (topics.isEmpty()) {
            return;
        }
        try {
            Set<String> skipped = updater.replaceTopicConfigs(topics);
            for (int i = 0; i < topics.size(); i++) {
                String name = topics.get(i).name();
                if (skipped.contains(name)) {
                    failures.get(i).accept(new UnknownTopicOrPartitionException("Topic '" + name
                            + "' was deleted before its configs were changed."));
                }
            }
        } catch (ApiException e) {
            failures.forEach(failure -> failure.accept(e));
        }
    }
}
