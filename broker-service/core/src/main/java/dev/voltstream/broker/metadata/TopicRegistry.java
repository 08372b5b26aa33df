package dev.voltstream.broker.metadata;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The durable list of topics (name, id, partition count, config overrides): one small properties file per topic in
 * the metadata directory, replaced atomically on every change. The single-node stand-in for the cluster's metadata
 * log; in cluster mode the registry is {@link #inMemory()}, a view of the metadata image.
 */
public final class TopicRegistry {
    private static final String SUFFIX = ".topic";
    private static final String CONFIG_PREFIX = "config.";
    /** The layout of a topic file: name, id, partitions, config.* ({@link FormatVersion}; 0.1.0 wrote it unmarked). */
    private static final int FORMAT_VERSION = 0;

    /** Where the topic files are; null in cluster mode. */
    private final Path dir;
    private final Map<String, TopicMetadata> byName = new ConcurrentHashMap<>();
    private final Map<Uuid, TopicMetadata> byId = new ConcurrentHashMap<>();

    public TopicRegistry(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                TopicMetadata topic = read(file);
                byName.put(topic.name(), topic);
                byId.put(topic.id(), topic);
            }
        }
    }

    private TopicRegistry() {
        this.dir = null;
    }

    /**
     * Cluster mode: no topic files. The metadata log and its snapshots are the durable record and a restart rebuilds
     * the topics from them, so files written on every applied change (a hundred per batch of config changes, on the
     * Raft apply thread of every broker) would be work for nothing.
     */
    public static TopicRegistry inMemory() {
        return new TopicRegistry();
    }

    public Optional<TopicMetadata> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<TopicMetadata> byId(Uuid id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** By id when one is given (the newer API versions), else by name. */
    public Optional<TopicMetadata> resolve(String name, Uuid id) {
        return id != null && !Uuid.ZERO_UUID.equals(id) ? byId(id) : name == null ? Optional.empty() : byName(name);
    }

    public Collection<TopicMetadata> all() {
        return List.copyOf(byName.values());
    }

    public synchronized TopicMetadata create(String name, int partitions, Map<String, String> configs) {
        if (byName.containsKey(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        Uuid id = Uuid.randomUuid();
        while (byId.containsKey(id)) {
            id = Uuid.randomUuid();
        }
        return put(new TopicMetadata(name, id, partitions, configs));
    }

    /** Cluster mode: records the topic exactly as the metadata quorum decided it (id included). */
    public synchronized TopicMetadata apply(TopicMetadata topic) {
        TopicMetadata current = byName.get(topic.name());
        if (topic.equals(current)) {
            return current;
        }
        if (current != null && !current.id().equals(topic.id())) {
            byId.remove(current.id());
        }
        return put(topic);
    }

    /** Cluster mode: forgets a topic the metadata quorum deleted; no-op when unknown. */
    public synchronized void remove(String name) {
        if (byName.containsKey(name)) {
            delete(name);
        }
    }

    public synchronized TopicMetadata update(TopicMetadata topic) {
        TopicMetadata current = byName.get(topic.name());
        if (current == null || !current.id().equals(topic.id())) {
            throw new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' does not exist.");
        }
        return put(topic);
    }

    public synchronized void delete(String name) {
        TopicMetadata topic = byName.remove(name);
        if (topic == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist.");
        }
        byId.remove(topic.id());
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(name + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TopicMetadata put(TopicMetadata topic) {
        if (dir != null) {
            write(topic);
        }
        byName.put(topic.name(), topic);
        byId.put(topic.id(), topic);
        return topic;
    }

    private void write(TopicMetadata topic) {
        Properties props = new Properties();
        FormatVersion.stamp(props, FORMAT_VERSION);
        props.setProperty("name", topic.name());
        props.setProperty("id", topic.id().toString());
        props.setProperty("partitions", Integer.toString(topic.partitions()));
        topic.configs().forEach((k, v) -> props.setProperty(CONFIG_PREFIX + k, v));
        Path target = dir.resolve(topic.name() + SUFFIX);
        Path tmp = dir.resolve(topic.name() + SUFFIX + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, null);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot persist topic " + topic.name(), e);
        }
    }

    private static TopicMetadata read(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        FormatVersion.check(props, FORMAT_VERSION, file);
        Map<String, String> configs = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(CONFIG_PREFIX)) {
                configs.put(key.substring(CONFIG_PREFIX.length()), props.getProperty(key));
            }
        }
        return new TopicMetadata(props.getProperty("name"), Uuid.fromString(props.getProperty("id")),
                Integer.parseInt(props.getProperty("partitions")), configs);
    }
}
