package dev.voltstream.broker.console;

import java.net.URI;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The console's settings, read from the broker's properties in Kafka's style: {@code console.enabled} (default
 * true) and {@code console.listener} (default {@code http://localhost:8080}; port 0 picks a free port).
 */
public record ConsoleConfig(boolean enabled, String host, int port) {
    public static final String ENABLED = "console.enabled";
    public static final String LISTENER = "console.listener";
    public static final String DEFAULT_LISTENER = "http://localhost:8080";

    public static ConsoleConfig from(BrokerConfig config) {
        boolean enabled = config.getBoolean(ENABLED, true);
        String listener = config.getString(LISTENER, DEFAULT_LISTENER).trim();
        URI uri;
        try {
            uri = URI.create(listener);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LISTENER + " must look like http://host:port, not '" + listener + "'");
        }
        if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException(LISTENER + " must look like http://host:port, not '" + listener + "'");
        }
        String host = uri.getHost() == null ? "0.0.0.0" : uri.getHost();
        return new ConsoleConfig(enabled, host, uri.getPort());
    }
}
