package dev.voltstream.broker.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.storage.LogConfig;

/**
 * The broker's static configuration, read with Apache Kafka's property names so a Kafka user knows it on sight.
 * Unknown names are kept (and shown by DescribeConfigs) but have no effect.
 */
public final class BrokerConfig {
    private final Map<String, String> values;

    public BrokerConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        validate();
    }

    /** All explicitly set properties, in file order. */
    public Map<String, String> values() {
        return values;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String getString(String name, String fallback) {
        String v = values.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public int getInt(String name, int fallback) {
        return (int) getLong(name, fallback);
    }

    public long getLong(String name, long fallback) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + name + ": not a number");
        }
    }

    public boolean getBoolean(String name, boolean fallback) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String t = v.trim().toLowerCase();
        if (!t.equals("true") && !t.equals("false")) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + name + ": expected true or false");
        }
        return Boolean.parseBoolean(t);
    }

    public int nodeId() {
        return getInt("node.id", getInt("broker.id", 1));
    }

    public List<Listener> listeners() {
        return Listener.parseAll(getString("listeners", "PLAINTEXT://localhost:9092"));
    }

    /** What clients are told to connect to; defaults to the listeners, like Kafka. */
    public List<Listener> advertisedListeners() {
        return get("advertised.listeners").map(Listener::parseAll).orElseGet(this::listeners);
    }

    public List<Path> logDirs() {
        String dirs = getString("log.dirs", getString("log.dir", "/tmp/voltstream-logs"));
        List<Path> paths = new ArrayList<>();
        for (String d : dirs.split(",")) {
            if (!d.isBlank()) {
                paths.add(Path.of(d.trim()));
            }
        }
        return paths;
    }

    public Optional<String> rack() {
        return get("broker.rack").filter(s -> !s.isBlank());
    }

    public int numPartitions() {
        return getInt("num.partitions", 1);
    }

    public short defaultReplicationFactor() {
        return (short) getInt("default.replication.factor", 1);
    }

    public boolean autoCreateTopics() {
        return getBoolean("auto.create.topics.enable", true);
    }

    public boolean deleteTopicEnable() {
        return getBoolean("delete.topic.enable", true);
    }

    /** {@code max.partitions}: the most partitions all topics together may have (KIP-578's name); 10000. */
    public int maxPartitions() {
        return getInt("max.partitions", 10_000);
    }

    /** {@code fetch.max.bytes}: the most a consumer's fetch response carries; Kafka's default 55 MiB. */
    public int fetchMaxBytes() {
        return getInt("fetch.max.bytes", 55 * 1024 * 1024);
    }

    /** {@code replica.fetch.response.max.bytes}: the most a follower's fetch response carries; 10 MiB. */
    public int replicaFetchResponseMaxBytes() {
        return getInt("replica.fetch.response.max.bytes", 10 * 1024 * 1024);
    }

    public int socketRequestMaxBytes() {
        return getInt("socket.request.max.bytes", 100 * 1024 * 1024);
    }

    public int ioThreads() {
        return getInt("num.io.threads", Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public int networkThreads() {
        return getInt("num.network.threads", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public long retentionCheckIntervalMs() {
        return getLong("log.retention.check.interval.ms", TimeUnit.MINUTES.toMillis(5));
    }

    /** The broker-wide log defaults (log.* names), applied to every topic that does not override them. */
    public LogConfig logDefaults() {
        LogConfig d = LogConfig.defaults();
        long retentionMs = getLong("log.retention.ms",
                get("log.retention.minutes").map(m -> TimeUnit.MINUTES.toMillis(Long.parseLong(m.trim())))
                        .orElseGet(() -> TimeUnit.HOURS.toMillis(getLong("log.retention.hours", 168))));
        long segmentMs = getLong("log.roll.ms", TimeUnit.HOURS.toMillis(getLong("log.roll.hours", 168)));
        return new LogConfig(
                getInt("log.segment.bytes", d.segmentBytes()),
                segmentMs,
                retentionMs,
                getLong("log.retention.bytes", d.retentionBytes()),
                getInt("message.max.bytes", d.maxMessageBytes()),
                getInt("log.index.interval.bytes", d.indexIntervalBytes()),
                getInt("log.index.size.max.bytes", d.segmentIndexBytes()),
                "LogAppendTime".equals(getString("log.message.timestamp.type", "CreateTime")),
                getLong("log.segment.delete.delay.ms", d.fileDeleteDelayMs()))
                .withOverrides(cleanupDefaults());
    }

    /** The broker's {@code log.cleanup.policy} and {@code log.cleaner.*} topic defaults, by topic config name. */
    private Map<String, String> cleanupDefaults() {
        Map<String, String> cleanup = new LinkedHashMap<>();
        get("log.cleanup.policy").ifPresent(v -> cleanup.put("cleanup.policy", v));
        get("log.cleaner.delete.retention.ms").ifPresent(v -> cleanup.put("delete.retention.ms", v));
        get("log.cleaner.min.compaction.lag.ms").ifPresent(v -> cleanup.put("min.compaction.lag.ms", v));
        get("log.cleaner.max.compaction.lag.ms").ifPresent(v -> cleanup.put("max.compaction.lag.ms", v));
        get("log.cleaner.min.cleanable.ratio").ifPresent(v -> cleanup.put("min.cleanable.dirty.ratio", v));
        return cleanup;
    }

    private void validate() {
        if (nodeId() < 0) {
            throw new IllegalArgumentException("node.id must be >= 0, was " + nodeId());
        }
        if (listeners().isEmpty()) {
            throw new IllegalArgumentException("listeners must name at least one listener");
        }
        if (logDirs().isEmpty()) {
            throw new IllegalArgumentException("log.dirs must name at least one directory");
        }
        logDefaults();
    }

    /** A copy with some properties replaced (tests, --override). */
    public BrokerConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(overrides);
        return new BrokerConfig(copy);
    }
}
