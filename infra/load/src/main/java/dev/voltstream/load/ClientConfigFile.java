package dev.voltstream.load;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Extra client settings for every producer, consumer and admin client of the tool — e.g. {@code security.protocol=SSL}
 * and a trust store, to load a TLS listener — from the properties file named by the system property
 * {@value #PROPERTY} ({@code java -Dvoltstream.load.client.config=client.properties -jar voltstream-load.jar ...}).
 * Its entries override the tool's own.
 */
final class ClientConfigFile {
    static final String PROPERTY = "voltstream.load.client.config";

    private ClientConfigFile() {
    }

    /** {@code config} with the file's entries added (a copy; {@code config} itself when no file is named). */
    static Map<String, Object> apply(Map<String, Object> config) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return config;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PROPERTY + "=" + file, e);
        }
        Map<String, Object> merged = new HashMap<>(config);
        properties.forEach((k, v) -> merged.put((String) k, v));
        return merged;
    }
}
