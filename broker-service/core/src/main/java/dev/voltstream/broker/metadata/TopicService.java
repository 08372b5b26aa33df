package dev.voltstream.broker.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogConfig;

/**
 * Topic lifecycle: create (explicitly or by auto-creation), add partitions, change configs, delete. Validates as Kafka
 * does, records the change in the {@link TopicRegistry} and creates or removes the partitions' logs.
 */
public final class TopicService {
    private final TopicRegistry registry;
    private final ReplicaManager replicas;
    private final BrokerConfig config;
    private final int aliveBrokers;
    private final Supplier<LogConfig> logDefaults;
    /** {@code max.partitions}: no request may grow the partitions of all topics together past this. */
    private final int maxPartitions;
    private volatile TopicChangeSink quorum;

    public TopicService(TopicRegistry registry, ReplicaManager replicas, BrokerConfig config) {
        this(registry, replicas, config, config::logDefaults);
    }

    /** {@code logDefaults} supplies the broker-wide log defaults in effect now (they change with dynamic configs). */
    public TopicService(TopicRegistry registry, ReplicaManager replicas, BrokerConfig config,
                        Supplier<LogConfig> logDefaults) {
        this.registry = registry;
        this.replicas = replicas;
        this.config = config;
        this.aliveBrokers = 1;
        this.logDefaults = logDefaults;
        this.maxPartitions = config.maxPartitions();
    }

    public TopicRegistry registry() {
        return registry;
    }

    /** Cluster mode: changes go through the metadata quorum, which also creates and removes the logs. */
    public void useQuorum(TopicChangeSink sink) {
        this.quorum = sink;
    }

    /** Creates the logs of every registered topic (startup; logs that already exist are reopened). */
    public void openAll() throws IOException {
        for (TopicMetadata topic : registry.all()) {
            openPartitions(topic, 0);
        }
    }

    /** The log settings of a topic: broker defaults overridden by the topic's configs. */
    public LogConfig logConfig(TopicMetadata topic) {
        return logDefaults.get().withOverrides(topic.configs());
    }

    /**
     * Validates a creation request; {@code partitions}/{@code replicationFactor} of -1 mean the broker defaults.
     * Returns the topic as it would be (validateOnly) or as created.
     */
    public TopicMetadata create(String name, int partitions, short replicationFactor, Map<String, String> configs,
                                boolean validateOnly) {
        return create(name, partitions, replicationFactor, configs, List.of(), validateOnly);
    }

    /**
     * As above with explicit replica {@code assignments} per partition (already checked against the known brokers);
     * a single node, the only possible replica, needs no record of them.
     */
    public TopicMetadata create(String name, int partitions, short replicationFactor, Map<String, String> configs,
                                List<List<Integer>> assignments, boolean validateOnly) {
        NewTopic topic = validateCreate(name, partitions, replicationFactor, configs, assignments, List.of());
        if (validateOnly) {
            return topic.preview();
        }
        ApiException refused = createAll(List.of(topic)).get(name);
        if (refused != null) {
            throw refused;
        }
        return existing(name);
    }

    /**
     * Checks one topic of a creation request as Kafka does, counting the topics of the same request validated before
     * it ({@code pending}) as if they existed already (name taken, name collision, {@code max.partitions}), and
     * returns it for {@link #createAll}. {@code partitions}/{@code replicationFactor} of -1 mean the broker defaults.
     */
    public NewTopic validateCreate(String name, int partitions, short replicationFactor, Map<String, String> configs,
                                   List<List<Integer>> assignments, List<NewTopic> pending) {
        Topic.validate(name);
        int count = partitions == -1 ? config.numPartitions() : partitions;
        short rf = replicationFactor == -1 ? config.defaultReplicationFactor() : replicationFactor;
        if (count <= 0) {
            throw new InvalidPartitionsException("Number of partitions was set to an invalid non-positive value.");
        }
        if (rf <= 0) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0.");
        }
        int alive = aliveBrokers();
        if (rf > alive) {
            throw new InvalidReplicationFactorException("Unable to replicate the partition " + rf
                    + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                    + alive + " broker(s) are registered.");
        }
        if (registry.byName(name).isPresent() || pending.stream().anyMatch(t -> t.name().equals(name))) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        if (Topic.hasCollisionChars(name)) {
            List<String> names = new ArrayList<>(pending.stream().map(NewTopic::name).toList());
            registry.all().forEach(t -> names.add(t.name()));
            for (String existing : names) {
                if (Topic.hasCollision(name, existing)) {
                    throw new org.apache.kafka.common.errors.InvalidTopicException("Topic '" + name
                            + "' collides with existing topic: " + existing);
                }
            }
        }
        TopicConfigNames.validate(configs);
        logDefaults.get().withOverrides(configs);
        requireRoomFor(count + pending.stream().mapToInt(NewTopic::partitions).sum());
        return new NewTopic(name, count, rf, configs, assignments);
    }

    /**
     * Creates validated topics; in cluster mode all in one metadata commit.
     *
     * @return the refusal of each topic not created (taken meanwhile, say), by name
     */
    public Map<String, ApiException> createAll(List<NewTopic> topics) {
        return decide(topics, NewTopic::name, sink -> sink.create(topics),
                topic -> openPartitions(registry.create(topic.name(), topic.partitions(), topic.configs()), 0));
    }

    /**
     * A change of several topics: in cluster mode the quorum's one decision ({@code inQuorum}), on a single node each
     * topic's change made {@code locally}, one refused (its Kafka error) without the others.
     *
     * @return the refusal of each topic not changed, by name
     */
    private <T> Map<String, ApiException> decide(List<T> topics, Function<T, String> name,
                                                 Function<TopicChangeSink, Map<String, ApiException>> inQuorum,
                                                 Consumer<T> locally) {
        TopicChangeSink sink = quorum;
        if (topics.isEmpty()) {
            return Map.of();
        }
        if (sink != null) {
            return inQuorum.apply(sink);
        }
        Map<String, ApiException> refused = new LinkedHashMap<>();
        for (T topic : topics) {
            try {
                locally.accept(topic);
            } catch (ApiException e) {
                refused.put(name.apply(topic), e);
            }
        }
        return refused;
    }

    /** Brokers that can host replicas: the registered, unfenced ones in cluster mode, this one otherwise. */
    public int aliveBrokers() {
        TopicChangeSink sink = quorum;
        return sink == null ? aliveBrokers : sink.aliveBrokers();
    }

    /** Auto-creation (Metadata, FindCoordinator's internal topics) with broker defaults, if enabled. */
    public Optional<TopicMetadata> autoCreate(String name) {
        if (!config.autoCreateTopics()) {
            return Optional.empty();
        }
        try {
            return Optional.of(create(name, -1, (short) -1, Map.of(), false));
        } catch (TopicExistsException e) {
            return registry.byName(name);
        }
    }

    public TopicMetadata createPartitions(String name, int newCount, boolean validateOnly) {
        TopicMetadata grown = validateCreatePartitions(name, newCount, 0);
        if (validateOnly) {
            return grown;
        }
        ApiException refused = createPartitionsAll(List.of(grown)).get(name);
        if (refused != null) {
            throw refused;
        }
        return existing(name);
    }

    /**
     * Checks growing one topic of a CreatePartitions request to {@code newCount}, counting the partitions the same
     * request adds to the topics validated before it ({@code pendingAdded}) against {@code max.partitions}; returns
     * the topic as it would be, for {@link #createPartitionsAll}.
     */
    public TopicMetadata validateCreatePartitions(String name, int newCount, int pendingAdded) {
        TopicMetadata topic = existing(name);
        if (newCount < topic.partitions()) {
            throw new InvalidPartitionsException("Topic currently has " + topic.partitions()
                    + " partitions, which is higher than the requested " + newCount + ".");
        }
        if (newCount == topic.partitions()) {
            throw new InvalidPartitionsException("Topic already has " + topic.partitions() + " partitions.");
        }
        requireRoomFor(newCount - topic.partitions() + pendingAdded);
        return topic.withPartitions(newCount);
    }

    /**
     * Grows validated topics to their new partition counts; in cluster mode all in one metadata commit.
     *
     * @return the refusal of each topic not grown (deleted meanwhile, say), by name
     */
    public Map<String, ApiException> createPartitionsAll(List<TopicMetadata> grown) {
        return decide(grown, TopicMetadata::name, sink -> sink.createPartitions(grown), topic -> {
            TopicMetadata now = existing(topic.name());
            openPartitions(registry.update(now.withPartitions(topic.partitions())), now.partitions());
        });
    }

    /**
     * Checks the topic's new overrides without changing anything (UNKNOWN_TOPIC_OR_PARTITION, or the error of a bad
     * name or log setting) and returns the topic as it is now with them, for {@link #replaceConfigs(List)}.
     */
    public TopicMetadata validateConfigs(String name, Map<String, String> configs) {
        TopicMetadata topic = existing(name);
        TopicConfigNames.validate(configs);
        logDefaults.get().withOverrides(configs);
        return topic.withConfigs(configs);
    }

    /**
     * Replaces the config overrides of several topics at once: each element is the topic as {@link #validateConfigs}
     * returned it (its id then, its new configs). In cluster mode they become one metadata commit. A topic
     * deleted or re-created since its validation is skipped; the others are still changed.
     *
     * @return the names of the topics skipped because they no longer exist as validated
     */
    public Set<String> replaceConfigs(List<TopicMetadata> updated) {
        TopicChangeSink sink = quorum;
        if (sink != null && !updated.isEmpty()) {
            sink.replaceConfigs(updated);
        }
        Set<String> skipped = new LinkedHashSet<>();
        for (TopicMetadata topic : updated) {
            Optional<TopicMetadata> now = registry.byName(topic.name()).filter(t -> t.id().equals(topic.id()));
            if (now.isEmpty()) {
                skipped.add(topic.name());
            } else if (sink == null) {
                replaceLocally(now.get().withConfigs(topic.configs()), logConfig(topic));
            }
        }
        return skipped;
    }

    private TopicMetadata replaceLocally(TopicMetadata topic, LogConfig logConfig) {
        TopicMetadata updated = registry.update(topic);
        for (int p = 0; p < updated.partitions(); p++) {
            replicas.partition(new TopicPartition(topic.name(), p)).ifPresent(part -> part.updateConfig(logConfig));
        }
        return updated;
    }

    public void delete(String name) {
        if (!config.deleteTopicEnable()) {
            throw new PolicyViolationException("Topic deletion is disabled (delete.topic.enable=false).");
        }
        ApiException refused = deleteAll(List.of(existing(name))).get(name);
        if (refused != null) {
            throw refused;
        }
    }

    /**
     * Deletes topics as resolved (name and id), with their logs; in cluster mode all in one metadata commit. The
     * caller checked {@code delete.topic.enable}.
     *
     * @return the refusal of each topic not deleted (deleted or re-created meanwhile), by name
     */
    public Map<String, ApiException> deleteAll(List<TopicMetadata> topics) {
        return decide(topics, TopicMetadata::name, sink -> sink.delete(topics), this::deleteLocally);
    }

    private void deleteLocally(TopicMetadata topic) {
        TopicMetadata now = registry.byName(topic.name()).filter(t -> t.id().equals(topic.id())).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Topic '" + topic.name() + "' does not exist."));
        registry.delete(topic.name());
        try {
            for (int p = 0; p < now.partitions(); p++) {
                replicas.deletePartition(new TopicPartition(topic.name(), p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the logs of topic " + topic.name(), e);
        }
    }

    /**
     * Reassigns one partition to {@code target} replicas, or cancels its reassignment ({@code target} null). A single
     * node has one possible assignment, itself, and so never a reassignment in progress.
     */
    public void reassign(TopicPartition tp, List<Integer> target) {
        existingPartition(tp);
        if (quorum != null) {
            quorum.reassign(tp.topic(), tp.partition(), target);
        } else if (target == null) {
            throw new NoReassignmentInProgressException("No reassignment is in progress for " + tp + ".");
        } else if (!target.equals(List.of(config.nodeId()))) {
            throw new InvalidReplicaAssignmentException("The manual partition assignment " + target
                    + " names brokers other than this single broker " + config.nodeId() + ".");
        }
    }

    /**
     * Elects the partition's preferred leader, or (unclean) a leader for a partition without one. A single node always
     * leads its partitions, so no election is ever needed there.
     */
    public void electLeader(TopicPartition tp, boolean unclean) {
        existingPartition(tp);
        if (quorum == null) {
            throw new org.apache.kafka.common.errors.ElectionNotNeededException(
                    "Leader election not needed for this partition: this single broker leads it.");
        }
        quorum.electLeader(tp.topic(), tp.partition(), unclean);
    }

    /** @throws UnknownTopicOrPartitionException if the topic or that partition of it does not exist */
    private void existingPartition(TopicPartition tp) {
        TopicMetadata topic = existing(tp.topic());
        if (tp.partition() < 0 || tp.partition() >= topic.partitions()) {
            throw new UnknownTopicOrPartitionException("Topic '" + tp.topic() + "' has no partition "
                    + tp.partition() + ".");
        }
    }

    /**
     * Gives every hosted partition the log settings its topic has now (its overrides over the current broker
     * defaults): after a change of the dynamic broker defaults.
     */
    public void reapplyLogConfigs() {
        for (TopicMetadata topic : registry.all()) {
            LogConfig logConfig = logConfig(topic);
            for (int p = 0; p < topic.partitions(); p++) {
                replicas.partition(new TopicPartition(topic.name(), p))
                        .ifPresent(partition -> partition.updateConfig(logConfig));
            }
        }
    }

    /**
     * Every partition costs open files, index memory and recovery time, so the total is capped: a client that asks
     * for more (or a fuzzer's inflated count) gets POLICY_VIOLATION instead of taking the broker's memory.
     * Concurrent creations may overshoot by what they add together; the next one is refused.
     */
    private void requireRoomFor(int added) {
        long total = 0;
        for (TopicMetadata topic : registry.all()) {
            total += topic.partitions();
        }
        if (total + added > maxPartitions) {
            throw new PolicyViolationException("Adding " + added + " partition(s) to the " + total
                    + " existing would exceed max.partitions=" + maxPartitions + ".");
        }
    }

    public TopicMetadata existing(String name) {
        return registry.byName(name).orElseThrow(() ->
                new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist."));
    }

    private void openPartitions(TopicMetadata topic, int from) {
        LogConfig logConfig = logConfig(topic);
        try {
            for (int p = from; p < topic.partitions(); p++) {
                replicas.getOrCreatePartition(new TopicPartition(topic.name(), p), topic.id(), logConfig);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the logs of topic " + topic.name(), e);
        }
    }
}
