package dev.voltstream.broker.quota;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import dev.voltstream.broker.metadata.DurableProperties;
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
        Properties props = DurableProperties.read(file, "client quotas");
        if (props == null) {
            return quotas;
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
        DurableProperties.write(file, props, "Client quotas (AlterClientQuotas)", "client quotas");
    }
}
