package dev.voltstream.broker.config.dynamic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import dev.voltstream.broker.config.dynamic.DescribedConfig.Synonym;

/**
 * Works out each config's value and source the way Kafka does. A topic config comes from the topic's override, else
 * from its broker synonyms ({@code log.*}) in order — each looked up as this broker's dynamic value, the cluster
 * dynamic default, then {@code server.properties} — else from Kafka's default.
 */
public final class ConfigDescriber {
    private final DynamicBrokerConfigs brokerConfigs;

    public ConfigDescriber(DynamicBrokerConfigs brokerConfigs) {
        this.brokerConfigs = brokerConfigs;
    }

    /** Every topic config of a topic whose overrides are {@code overrides}, by name. */
    public List<DescribedConfig> describeTopic(Map<String, String> overrides) {
        List<DescribedConfig> result = new ArrayList<>();
        for (ConfigKey key : TopicConfigCatalog.all()) {
            result.add(describeTopicConfig(key, overrides));
        }
        return result;
    }

    private DescribedConfig describeTopicConfig(ConfigKey key, Map<String, String> overrides) {
        List<Synonym> synonyms = new ArrayList<>();
        if (overrides.containsKey(key.name())) {
            synonyms.add(new Synonym(key.name(), overrides.get(key.name()), ConfigSource.TOPIC_CONFIG));
        }
        for (String brokerName : key.brokerSynonyms()) {
            synonyms.addAll(brokerSources(brokerName));
        }
        synonyms.add(defaultSynonym(key));
        Synonym winner = synonyms.get(0);
        return new DescribedConfig(key.name(), inTopicUnits(winner), winner.source(), false, false, key.type(), key.documentation(),
                synonyms);
    }

    /** The DEFAULT_CONFIG synonym: the first broker synonym that has a default (log.retention.hours=168). */
    private static Synonym defaultSynonym(ConfigKey key) {
        for (String brokerName : key.brokerSynonyms()) {
            String d = BrokerConfigCatalog.key(brokerName).map(ConfigKey::defaultValue).orElse(null);
            if (d != null) {
                return new Synonym(brokerName, d, ConfigSource.DEFAULT_CONFIG);
            }
        }
        return new Synonym(key.name(), key.defaultValue(), ConfigSource.DEFAULT_CONFIG);
    }

    /** {@code log.retention.hours=24} supplies {@code retention.ms=86400000}. */
    private static String inTopicUnits(Synonym synonym) {
        if (synonym.value() == null || !(synonym.name().endsWith(".hours") || synonym.name().endsWith(".minutes"))) {
            return synonym.value();
        }
        try {
            return Long.toString(BrokerConfigCatalog.toMillis(synonym.name(), Long.parseLong(synonym.value().trim())));
        } catch (NumberFormatException e) {
            return synonym.value();
        }
    }

    /**
     * The configs of a broker resource: for this node every known or set broker config; for the cluster default only
     * the dynamic defaults that are set (as Kafka).
     */
    public List<DescribedConfig> describeBroker(BrokerScope scope) {
        List<DescribedConfig> result = new ArrayList<>();
        if (scope == BrokerScope.CLUSTER_DEFAULT) {
            new java.util.TreeMap<>(brokerConfigs.configs(BrokerScope.CLUSTER_DEFAULT)).forEach((name, value) -> {
                ConfigKey key = brokerKey(name);
                Synonym s = new Synonym(name, value, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
                result.add(brokerEntry(key, s, List.of(s)));
            });
            return result;
        }
        Set<String> names = new TreeSet<>();
        BrokerConfigCatalog.all().forEach(k -> names.add(k.name()));
        names.addAll(brokerConfigs.staticConfig().values().keySet());
        names.addAll(brokerConfigs.configs(BrokerScope.NODE).keySet());
        names.addAll(brokerConfigs.configs(BrokerScope.CLUSTER_DEFAULT).keySet());
        for (String name : names) {
            ConfigKey key = brokerKey(name);
            List<Synonym> synonyms = new ArrayList<>(brokerSources(name));
            if (key.defaultValue() != null) {
                synonyms.add(new Synonym(name, key.defaultValue(), ConfigSource.DEFAULT_CONFIG));
            }
            Synonym winner = synonyms.isEmpty() ? new Synonym(name, null, ConfigSource.DEFAULT_CONFIG)
                    : synonyms.get(0);
            result.add(brokerEntry(key, winner, synonyms));
        }
        return result;
    }

    private static DescribedConfig brokerEntry(ConfigKey key, Synonym winner, List<Synonym> synonyms) {
        boolean sensitive = BrokerConfigCatalog.isSensitive(key.name());
        List<Synonym> shown = sensitive ? synonyms.stream()
                .map(s -> new Synonym(s.name(), null, s.source())).toList() : synonyms;
        return new DescribedConfig(key.name(), sensitive ? null : winner.value(), winner.source(),
                !BrokerConfigCatalog.isDynamic(key.name()), sensitive, key.type(), key.documentation(), shown);
    }

    private static ConfigKey brokerKey(String name) {
        return BrokerConfigCatalog.key(name).orElseGet(() -> new ConfigKey(name,
                BrokerConfigCatalog.isSensitive(name) ? ConfigType.PASSWORD : ConfigType.UNKNOWN, null, null,
                List.of()));
    }

    /** Where a broker config is set, highest precedence first (without the built-in default). */
    private List<Synonym> brokerSources(String name) {
        List<Synonym> found = new ArrayList<>(3);
        String node = brokerConfigs.configs(BrokerScope.NODE).get(name);
        if (node != null) {
            found.add(new Synonym(name, node, ConfigSource.DYNAMIC_BROKER_CONFIG));
        }
        String clusterDefault = brokerConfigs.configs(BrokerScope.CLUSTER_DEFAULT).get(name);
        if (clusterDefault != null) {
            found.add(new Synonym(name, clusterDefault, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
        }
        String fromFile = brokerConfigs.staticConfig().values().get(name);
        if (fromFile != null) {
            found.add(new Synonym(name, fromFile, ConfigSource.STATIC_BROKER_CONFIG));
        }
        return found;
    }
}
