package dev.voltstream.broker.config.dynamic;

import java.util.List;

import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * One config Kafka defines: its type, default (as text, null when it has none), documentation and, for a topic config,
 * the broker configs that supply its default ({@code retention.ms} ← {@code log.retention.ms},
 * {@code log.retention.minutes}, {@code log.retention.hours}), highest precedence first.
 */
public record ConfigKey(String name, ConfigType type, String defaultValue, String documentation,
                        List<String> brokerSynonyms) {

    public ConfigKey {
        brokerSynonyms = List.copyOf(brokerSynonyms);
    }
}
