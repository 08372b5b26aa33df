package dev.voltstream.broker.config.dynamic;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.metadata.FormatVersion;
import dev.voltstream.broker.storage.LogConfig;

/**
 * The broker configs set at runtime (AlterConfigs on a broker resource), kept in one properties file in the metadata
 * dir so they survive a restart. Precedence as in Kafka: this broker's dynamic value, then the cluster-wide dynamic
 * default, then {@code server.properties}, then the built-in default.
 */
public final class DynamicBrokerConfigs {
    static final String FILE = "dynamic-broker-configs.properties";
    private static final String NODE_PREFIX = "node.";
    private static final String DEFAULT_PREFIX = "default.";
    /** The layout of the file: node.* and default.* ({@link FormatVersion}; 0.1.0 wrote it unmarked). */
    private static final int FORMAT_VERSION = 0;

    private final Path file;
    private final BrokerConfig staticConfig;
    private volatile Map<String, String> node;
    private volatile Map<String, String> clusterDefault;
    private volatile BrokerConfig effective;
    /** Parts of the broker that validate and apply changes (the log cleaner). */
    private final List<BrokerReconfigurable> reconfigurables = new CopyOnWriteArrayList<>();
    /** Cluster mode: where changes go instead of this broker's file (the metadata quorum). */
    private volatile ReplicatedChanges replicated;

    /** Proposes a broker resource's new configs to the cluster; returns once they are applied here. */
    @FunctionalInterface
    public interface ReplicatedChanges {
        void replace(String resource, Map<String, String> configs);
    }

    private DynamicBrokerConfigs(Path file, BrokerConfig staticConfig, Map<String, String> node,
                                 Map<String, String> clusterDefault) {
        this.file = file;
        this.staticConfig = staticConfig;
        this.node = Map.copyOf(node);
        this.clusterDefault = Map.copyOf(clusterDefault);
        this.effective = merge(staticConfig, this.clusterDefault, this.node);
    }

    /** Reads the dynamic configs kept in {@code metadataDir} (none on a fresh broker). */
    public static DynamicBrokerConfigs load(Path metadataDir, BrokerConfig staticConfig) throws IOException {
        Path file = metadataDir.resolve(FILE);
        Map<String, String> node = new TreeMap<>();
        Map<String, String> clusterDefault = new TreeMap<>();
        if (Files.exists(file)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            FormatVersion.check(props, FORMAT_VERSION, file);
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith(NODE_PREFIX)) {
                    node.put(key.substring(NODE_PREFIX.length()), props.getProperty(key));
                } else if (key.startsWith(DEFAULT_PREFIX)) {
                    clusterDefault.put(key.substring(DEFAULT_PREFIX.length()), props.getProperty(key));
                }
            }
        }
        return new DynamicBrokerConfigs(file, staticConfig, node, clusterDefault);
    }

    public BrokerConfig staticConfig() {
        return staticConfig;
    }

    /** The dynamic configs of one scope (read-only). */
    public Map<String, String> configs(BrokerScope scope) {
        return scope == BrokerScope.NODE ? node : clusterDefault;
    }

    /** {@code server.properties} with every dynamic config applied: what the broker runs with now. */
    public BrokerConfig effective() {
        return effective;
    }

    /** The log defaults every topic without its own override gets. */
    public LogConfig logDefaults() {
        return effective.logDefaults();
    }

    /**
     * Registers a part of the broker that validates every proposed change ({@link #preview}) and applies every
     * accepted one, here or from the metadata log.
     */
    public void register(BrokerReconfigurable reconfigurable) {
        reconfigurables.add(reconfigurable);
    }

    /**
     * What the broker would run with if {@code scope}'s dynamic configs were {@code configs}.
     *
     * @throws IllegalArgumentException or {@link org.apache.kafka.common.errors.InvalidConfigurationException} when
     *                                  the result is not a valid broker config
     */
    public BrokerConfig preview(BrokerScope scope, Map<String, String> configs) {
        BrokerConfig merged = scope == BrokerScope.NODE ? merge(staticConfig, clusterDefault, configs)
                : merge(staticConfig, configs, node);
        merged.logDefaults();
        for (BrokerReconfigurable reconfigurable : reconfigurables) {
            reconfigurable.validateReconfiguration(merged);
        }
        return merged;
    }

    /**
     * Cluster mode: changes are proposed through {@code changes} and arrive back through {@link #applyReplicated},
     * so every broker sees the cluster default and each broker's own configs from the metadata log.
     */
    public void replicateThrough(ReplicatedChanges changes) {
        this.replicated = changes;
    }

    /**
     * Replaces one scope's dynamic configs (validated with {@link #preview}) and persists all of them; in cluster mode
     * through the metadata log (this broker's id, or {@code ""} for the cluster default).
     */
    public void replace(BrokerScope scope, Map<String, String> configs) {
        preview(scope, configs);
        ReplicatedChanges changes = replicated;
        if (changes != null) {
            changes.replace(scope == BrokerScope.NODE ? Integer.toString(staticConfig.nodeId()) : "", configs);
            return;
        }
        replaceLocally(scope, configs);
    }

    /**
     * Takes this broker's and the cluster default's configs as the metadata log has them (cluster mode). Values the
     * log holds are not validated again: they were validated where they were proposed.
     *
     * @return whether anything changed
     */
    public synchronized boolean applyReplicated(Map<String, String> nodeConfigs, Map<String, String> defaults) {
        if (nodeConfigs.equals(node) && defaults.equals(clusterDefault)) {
            return false;
        }
        BrokerConfig merged = merge(staticConfig, defaults, nodeConfigs);
        write(Map.copyOf(nodeConfigs), Map.copyOf(defaults));
        node = Map.copyOf(nodeConfigs);
        clusterDefault = Map.copyOf(defaults);
        effective = merged;
        reconfigure(merged);
        return true;
    }

    private synchronized void replaceLocally(BrokerScope scope, Map<String, String> configs) {
        BrokerConfig merged = preview(scope, configs);
        Map<String, String> newNode = scope == BrokerScope.NODE ? Map.copyOf(configs) : node;
        Map<String, String> newDefault = scope == BrokerScope.CLUSTER_DEFAULT ? Map.copyOf(configs) : clusterDefault;
        write(newNode, newDefault);
        node = newNode;
        clusterDefault = newDefault;
        effective = merged;
        reconfigure(merged);
    }

    private void reconfigure(BrokerConfig merged) {
        for (BrokerReconfigurable reconfigurable : reconfigurables) {
            reconfigurable.reconfigure(merged);
        }
    }

    private void write(Map<String, String> newNode, Map<String, String> newDefault) {
        Properties props = new Properties();
        FormatVersion.stamp(props, FORMAT_VERSION);
        newNode.forEach((k, v) -> props.setProperty(NODE_PREFIX + k, v));
        newDefault.forEach((k, v) -> props.setProperty(DEFAULT_PREFIX + k, v));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "Dynamic broker configs (AlterConfigs); node.* for this broker, default.* cluster-wide");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist dynamic broker configs to " + file, e);
        }
    }

    private static BrokerConfig merge(BrokerConfig base, Map<String, String> clusterDefault, Map<String, String> node) {
        Map<String, String> overrides = new TreeMap<>(clusterDefault);
        overrides.putAll(node);
        return overrides.isEmpty() ? base : base.with(overrides);
    }
}
