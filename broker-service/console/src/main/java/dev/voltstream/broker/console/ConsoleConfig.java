package dev.voltstream.broker.console;

import java.net.URI;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The console's settings, read from the broker's properties in Kafka's style: {@code console.enabled} (default
 * true) and {@code console.listener} (default {@code http://localhost:8080}; {@code https://host:port} serves HTTPS
 * with the {@code console.ssl.*} key store; port 0 picks a free port).
 */
public record ConsoleConfig(boolean enabled, boolean https, String host, int port) {
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
            throw invalid(listener);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getPort() < 0) {
            throw invalid(listener);
        }
        String host = uri.getHost() == null ? "0.0.0.0" : uri.getHost();
        return new ConsoleConfig(enabled, "https".equals(uri.getScheme()), host, uri.getPort());
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return https ? "https" : "http";
    }

    private static IllegalArgumentException invalid(String listener) {
        return new IllegalArgumentException(LISTENER + " must look like http://host:port or https://host:port, not '"
                + listener + "'");
    }
}
