package dev.voltstream.broker.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a Kafka-style {@code server.properties} and applies {@code --override key=value} arguments. */
public final class ServerProperties {
    private ServerProperties() {
    }

    /**
     * Kafka's command line: {@code <server.properties> [--override key=value]...}. Prints the usage of
     * {@code mainName} and exits on bad arguments, as Kafka does.
     */
    public static BrokerConfig fromCommandLine(String mainName, String[] args) throws IOException {
        if (args.length < 1 || args[0].startsWith("-")) {
            exit("USAGE: " + mainName + " server.properties [--override property=value]*");
        }
        List<String> overrides = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--override") || i + 1 >= args.length) {
                exit("Unexpected argument '" + args[i] + "'; expected --override property=value");
            }
            overrides.add(args[++i]);
        }
        Path file = Path.of(args[0]);
        if (!Files.isReadable(file)) {
            exit("Cannot read " + file.toAbsolutePath());
        }
        return load(file, overrides);
    }

    private static void exit(String message) {
        System.err.println(message);
        System.exit(1);
    }

    public static BrokerConfig load(Path file, List<String> overrides) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            values.put(name, props.getProperty(name).trim());
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Invalid --override '" + override + "': expected key=value");
            }
            values.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
        }
        return new BrokerConfig(values);
    }
}
