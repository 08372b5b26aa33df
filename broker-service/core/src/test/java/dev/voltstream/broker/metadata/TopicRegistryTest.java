package dev.voltstream.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicRegistryTest {
    @TempDir
    Path dir;

    @Test
    void aFileRegistryKeepsTopicsAcrossInstances() throws Exception {
        TopicRegistry registry = new TopicRegistry(dir);
        TopicMetadata orders = registry.create("orders", 2, Map.of());
        registry.update(orders.withConfigs(Map.of("retention.ms", "1000")));
        assertThat(new TopicRegistry(dir).byName("orders").orElseThrow().configs())
                .isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void theInMemoryRegistryOfClusterModeWritesNoFilesAndBehavesTheSame() throws Exception {
        TopicRegistry registry = TopicRegistry.inMemory();
        TopicMetadata orders = registry.apply(new TopicMetadata("orders", Uuid.randomUuid(), 2, Map.of()));
        registry.update(orders.withConfigs(Map.of("retention.ms", "1000")));
        assertThat(registry.byId(orders.id()).orElseThrow().configs()).isEqualTo(Map.of("retention.ms", "1000"));
        registry.delete("orders");
        assertThat(registry.all()).isEmpty();
        assertThatThrownBy(() -> registry.update(orders)).isInstanceOf(UnknownTopicOrPartitionException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
