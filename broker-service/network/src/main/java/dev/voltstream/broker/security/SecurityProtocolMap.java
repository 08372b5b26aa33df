package dev.voltstream.broker.security;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.security.auth.SecurityProtocol;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * {@code listener.security.protocol.map}: which security protocol each listener name speaks. As in Kafka, a listener
 * named after a protocol (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL) needs no entry; any other name must have one.
 */
public final class SecurityProtocolMap {
    private final Map<String, SecurityProtocol> entries = new LinkedHashMap<>();

    public SecurityProtocolMap(BrokerConfig config) {
        String spec = config.getString("listener.security.protocol.map", "");
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("Invalid listener.security.protocol.map entry '" + part.trim()
                        + "': expected LISTENER_NAME:PROTOCOL");
            }
            String name = part.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            entries.put(name, parseProtocol(part.substring(colon + 1).trim(), name));
        }
    }

    /** The protocol listener {@code name} speaks. */
    public SecurityProtocol protocolOf(String name) {
        String key = name.toUpperCase(Locale.ROOT);
        SecurityProtocol mapped = entries.get(key);
        if (mapped != null) {
            return mapped;
        }
        if (SecurityProtocol.names().contains(key)) {
            return parseProtocol(key, key);
        }
        throw new IllegalArgumentException("No security protocol defined for listener " + name
                + ": add it to listener.security.protocol.map");
    }

    private static SecurityProtocol parseProtocol(String value, String listener) {
        try {
            return SecurityProtocol.forName(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown security protocol '" + value + "' for listener " + listener
                    + " (PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL)");
        }
    }
}
