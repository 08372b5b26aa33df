package dev.voltstream.broker.config.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.server.config.ServerTopicConfigSynonyms;
import org.apache.kafka.storage.internals.log.LogConfig;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.metadata.TopicConfigNames;

/** The catalog against Apache Kafka 4.1's own definitions (kafka-storage and kafka-server-common, test scope). */
class TopicConfigCatalogTest {

    @Test
    void coversEveryTopicConfigName() {
        assertThat(TopicConfigCatalog.all().stream().map(ConfigKey::name).collect(Collectors.toSet()))
                .isEqualTo(TopicConfigNames.ALL);
    }

    @Test
    void defaultsAndBrokerSynonymsMatchKafka() {
        ConfigDef kafka = LogConfig.configDefCopy();
        for (ConfigKey key : TopicConfigCatalog.all()) {
            ConfigDef.ConfigKey kafkaKey = kafka.configKeys().get(key.name());
            if (kafkaKey == null) {
                continue; // message.downconversion.enable: still named in TopicConfig, gone from Kafka 4's LogConfig
            }
            assertThat(key.defaultValue()).as(key.name())
                    .isEqualTo(ConfigDef.convertToString(kafkaKey.defaultValue, kafkaKey.type));
            assertThat(key.type().name()).as(key.name()).isEqualTo(kafkaKey.type.name());
            assertThat(key.brokerSynonyms()).as(key.name()).containsExactlyElementsOf(
                    ServerTopicConfigSynonyms.ALL_TOPIC_CONFIG_SYNONYMS.getOrDefault(key.name(),
                            java.util.List.of()).stream().map(s -> s.name()).toList());
        }
    }

    @Test
    void documentationComesFromTopicConfig() {
        assertThat(TopicConfigCatalog.key("retention.ms").orElseThrow().documentation())
                .isEqualTo(org.apache.kafka.common.config.TopicConfig.RETENTION_MS_DOC);
    }
}
