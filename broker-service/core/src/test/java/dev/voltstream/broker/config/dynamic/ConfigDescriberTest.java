package dev.voltstream.broker.config.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;

/** Value and source precedence: topic override, this broker's dynamic, cluster default, server.properties, default. */
class ConfigDescriberTest {
    @TempDir
    Path dir;

    private DynamicBrokerConfigs brokerConfigs(Map<String, String> staticValues) throws Exception {
        Map<String, String> values = new java.util.HashMap<>(staticValues);
        values.put("log.dirs", dir.toString());
        return DynamicBrokerConfigs.load(dir, new BrokerConfig(values));
    }

    private static DescribedConfig find(List<DescribedConfig> configs, String name) {
        return configs.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aTopicWithoutOverridesGetsKafkasDefaults() throws Exception {
        DescribedConfig retention = find(new ConfigDescriber(brokerConfigs(Map.of())).describeTopic(Map.of()),
                "retention.ms");

        assertThat(retention.value()).isEqualTo("604800000");
        assertThat(retention.source()).isEqualTo(ConfigSource.DEFAULT_CONFIG);
        assertThat(retention.synonyms()).containsExactly(
                new DescribedConfig.Synonym("log.retention.hours", "168", ConfigSource.DEFAULT_CONFIG));
    }

    @Test
    void hoursFromServerPropertiesAreShownInMilliseconds() throws Exception {
        DescribedConfig retention = find(new ConfigDescriber(brokerConfigs(Map.of("log.retention.hours", "24")))
                .describeTopic(Map.of()), "retention.ms");

        assertThat(retention.value()).isEqualTo("86400000");
        assertThat(retention.source()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void precedenceIsTopicThenNodeThenClusterDefaultThenStatic() throws Exception {
        DynamicBrokerConfigs brokerConfigs = brokerConfigs(Map.of("log.retention.ms", "1"));
        ConfigDescriber describer = new ConfigDescriber(brokerConfigs);
        brokerConfigs.replace(BrokerScope.CLUSTER_DEFAULT, Map.of("log.retention.ms", "2"));
        assertThat(find(describer.describeTopic(Map.of()), "retention.ms").value()).isEqualTo("2");
        brokerConfigs.replace(BrokerScope.NODE, Map.of("log.retention.ms", "3"));

        DescribedConfig retention = find(describer.describeTopic(Map.of("retention.ms", "4")), "retention.ms");

        assertThat(retention.value()).isEqualTo("4");
        assertThat(retention.synonyms()).extracting(DescribedConfig.Synonym::source).containsExactly(
                ConfigSource.TOPIC_CONFIG, ConfigSource.DYNAMIC_BROKER_CONFIG,
                ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, ConfigSource.STATIC_BROKER_CONFIG,
                ConfigSource.DEFAULT_CONFIG);
        assertThat(brokerConfigs.logDefaults().retentionMs()).isEqualTo(3);
    }

    @Test
    void dynamicConfigsArePersistedAndReloaded() throws Exception {
        brokerConfigs(Map.of()).replace(BrokerScope.NODE, Map.of("log.segment.bytes", "1048576"));

        DynamicBrokerConfigs reloaded = brokerConfigs(Map.of());

        assertThat(reloaded.configs(BrokerScope.NODE)).containsExactly(Map.entry("log.segment.bytes", "1048576"));
        assertThat(reloaded.logDefaults().segmentBytes()).isEqualTo(1048576);
    }

    @Test
    void sensitiveBrokerConfigsAreNotShown() throws Exception {
        DescribedConfig password = find(new ConfigDescriber(brokerConfigs(Map.of("ssl.key.password", "s3cret")))
                .describeBroker(BrokerScope.NODE), "ssl.key.password");

        assertThat(password.sensitive()).isTrue();
        assertThat(password.value()).isNull();
        assertThat(password.synonyms()).allSatisfy(s -> assertThat(s.value()).isNull());
    }

    @Test
    void brokerResourceNamesAreThisNodeOrEmpty() {
        assertThat(BrokerScope.of("", 1)).isEqualTo(BrokerScope.CLUSTER_DEFAULT);
        assertThat(BrokerScope.of("1", 1)).isEqualTo(BrokerScope.NODE);
        assertThatThrownBy(() -> BrokerScope.of("2", 1))
                .isInstanceOf(org.apache.kafka.common.errors.InvalidRequestException.class);
        assertThatThrownBy(() -> BrokerScope.of("x", 1))
                .isInstanceOf(org.apache.kafka.common.errors.InvalidRequestException.class);
    }
}
