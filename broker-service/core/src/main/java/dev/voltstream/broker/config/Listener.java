package dev.voltstream.broker.config;

import java.util.ArrayList;
import java.util.List;

/** One {@code NAME://host:port} entry of {@code listeners} / {@code advertised.listeners}. */
public record Listener(String name, String host, int port) {

    public static List<Listener> parseAll(String spec) {
        List<Listener> result = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                result.add(parse(part.trim()));
            }
        }
        return result;
    }

    public static Listener parse(String spec) {
        int sep = spec.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("Invalid listener '" + spec + "': expected NAME://host:port");
        }
        String name = spec.substring(0, sep);
        String hostPort = spec.substring(sep + 3);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Invalid listener '" + spec + "': missing port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid listener '" + spec + "': bad port");
        }
        return new Listener(name, host, port);
    }

    public Listener withPort(int newPort) {
        return new Listener(name, host, newPort);
    }

    @Override
    public String toString() {
        return name + "://" + host + ":" + port;
    }
}
