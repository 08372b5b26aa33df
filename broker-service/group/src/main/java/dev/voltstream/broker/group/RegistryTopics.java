package dev.voltstream.broker.group;

import java.util.Collection;

import org.apache.kafka.common.Uuid;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;

/** The coordinator's view of topics, read from the broker's {@link TopicRegistry}. */
public final class RegistryTopics implements GroupCoordinator.TopicLookup {
    private final TopicRegistry registry;

    public RegistryTopics(TopicRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int partitionCount(String topic) {
        return registry.byName(topic).map(TopicMetadata::partitions).orElse(-1);
    }

    @Override
    public Uuid topicId(String topic) {
        return registry.byName(topic).map(TopicMetadata::id).orElse(Uuid.ZERO_UUID);
    }

    @Override
    public String topicName(Uuid id) {
        return registry.byId(id).map(TopicMetadata::name).orElse(null);
    }

    @Override
    public Collection<String> topicNames() {
        return registry.all().stream().map(TopicMetadata::name).toList();
    }
}
