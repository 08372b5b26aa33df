package dev.voltstream.broker.config.dynamic;

import java.util.List;

import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * One config as DescribeConfigs reports it: the value in effect and where it comes from, plus the synonyms it was
 * chosen from (highest precedence first).
 */
public record DescribedConfig(String name, String value, ConfigSource source, boolean readOnly, boolean sensitive,
                              ConfigType type, String documentation, List<Synonym> synonyms) {

    public DescribedConfig {
        synonyms = List.copyOf(synonyms);
    }

    /** A config that could supply the value, e.g. {@code log.retention.hours=168} (DEFAULT_CONFIG). */
    public record Synonym(String name, String value, ConfigSource source) {
    }
}
