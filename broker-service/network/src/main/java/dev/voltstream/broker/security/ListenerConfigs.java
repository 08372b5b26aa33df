package dev.voltstream.broker.security;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The configuration one listener sees: every broker property, with {@code listener.name.<listener>.<name>} overriding
 * {@code <name>}, as Kafka's {@code valuesWithPrefixOverride} gives a listener its SSL and SASL settings. A blank
 * value counts as unset, so a listener can drop a broker-wide setting (a PEM listener the broker's key store path).
 */
public final class ListenerConfigs {
    private final String listenerName;
    private final Map<String, String> values;

    public ListenerConfigs(BrokerConfig config, String listenerName) {
        this.listenerName = listenerName;
        String prefix = "listener.name." + listenerName.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> merged = new LinkedHashMap<>();
        config.values().forEach((k, v) -> {
            if (!k.startsWith("listener.name.")) {
                merged.put(k, v);
            }
        });
        config.values().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                merged.put(k.substring(prefix.length()), v);
            }
        });
        merged.values().removeIf(String::isBlank);
        this.values = merged;
    }

    public String listenerName() {
        return listenerName;
    }

    /** The listener's value of {@code name}, blank values counted as unset. */
    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public long getLong(String name, long fallback) {
        return get(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid value '" + v + "' for " + name + " on listener "
                        + listenerName + ": not a number");
            }
        }).orElse(fallback);
    }

    /** The listener's {@code ssl.*} values parsed as Kafka's SSL settings (defaults filled in), a mutable copy. */
    public Map<String, Object> parsedSsl() {
        return parsed("ssl.", new org.apache.kafka.common.config.ConfigDef().withClientSslSupport());
    }

    private Map<String, Object> parsed(String prefix, org.apache.kafka.common.config.ConfigDef definitions) {
        Map<String, String> raw = new java.util.HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                raw.put(k, v);
            }
        });
        return new java.util.HashMap<>(definitions.parse(raw));
    }

    /** The listener's {@code sasl.*} values parsed as Kafka's SASL settings (defaults filled in), a mutable copy. */
    public Map<String, Object> parsedSasl() {
        return parsed("sasl.", new org.apache.kafka.common.config.ConfigDef().withClientSaslSupport());
    }

    /** All values, overrides applied. */
    public Map<String, String> values() {
        return values;
    }
}
