package dev.voltstream.broker.quota;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.voltstream.broker.metadata.FormatVersion;

/**
 * A single node's client quotas: {@code client-quotas.properties} in the metadata dir, stamped {@code version=1}
 * ({@link FormatVersion}); per entity {@code quota.<n>.entity.<type>=<name>} (or {@code .default.<type>=true}) and
 * {@code quota.<n>.value.<key>=<number>}. Written to a temporary file, forced and moved over the old one.
 */
public final class QuotaFile {
    static final String FILE = "client-quotas.properties";
    private static final int FORMAT_VERSION = 1;
    private final Path file;

    public QuotaFile(Path metadataDir) {
        this.file = metadataDir.resolve(FILE);
    }

    Map<QuotaEntity, Map<String, Double>> load() {
        Map<QuotaEntity, Map<String, Double>> quotas = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return quotas;
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read client quotas from " + file, e);
        }
        if (FormatVersion.check(props, FORMAT_VERSION, file) < 1) {
            throw new IllegalStateException(file + " has no format version: not a quota file this broker wrote");
        }
        int count = Integer.parseInt(props.getProperty("quota.count", "0"));
        for (int i = 0; i < count; i++) {
            String p = "quota." + i + ".";
            Map<String, String> parts = new TreeMap<>();
            Map<String, Double> values = new TreeMap<>();
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith(p + "entity.")) {
                    parts.put(key.substring((p + "entity.").length()), props.getProperty(key));
                } else if (key.startsWith(p + "default.")) {
                    parts.put(key.substring((p + "default.").length()), null);
                } else if (key.startsWith(p + "value.")) {
                    values.put(key.substring((p + "value.").length()), Double.parseDouble(props.getProperty(key)));
                }
            }
            quotas.put(new QuotaEntity(parts), values);
        }
        return quotas;
    }

    void save(Map<QuotaEntity, Map<String, Double>> quotas) {
        Properties props = new Properties();
        FormatVersion.stamp(props, FORMAT_VERSION);
        props.setProperty("quota.count", Integer.toString(quotas.size()));
        int i = 0;
        for (Map.Entry<QuotaEntity, Map<String, Double>> e : quotas.entrySet()) {
            String p = "quota." + i++ + ".";
            e.getKey().parts().forEach((type, name) -> {
                if (name == null) {
                    props.setProperty(p + "default." + type, "true");
                } else {
                    props.setProperty(p + "entity." + type, name);
                }
            });
            e.getValue().forEach((key, value) -> props.setProperty(p + "value." + key, Double.toString(value)));
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "Client quotas (AlterClientQuotas)");
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist client quotas to " + file, e);
        }
    }
}
