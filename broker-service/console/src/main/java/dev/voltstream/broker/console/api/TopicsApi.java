package dev.voltstream.broker.console.api;

import static dev.voltstream.broker.console.kafka.ClusterClients.await;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.ResourceType;

import dev.voltstream.broker.console.http.HttpCall;
import dev.voltstream.broker.console.http.ProblemException;
import dev.voltstream.broker.console.http.Reply;
import dev.voltstream.broker.console.http.Router;
import dev.voltstream.broker.console.kafka.ClusterReader;
import dev.voltstream.broker.console.security.ConsoleUser;

/**
 * Topics: list, detail, create, change configs (retention), delete. Each checked as the Kafka API behind it: the list
 * shows the topics the caller may DESCRIBE, the detail needs DESCRIBE (its configs DESCRIBE_CONFIGS, else none are
 * shown), creating CREATE on the cluster or the topic, deleting DELETE, changing configs ALTER_CONFIGS.
 */
public final class TopicsApi {
    /** A row of the topic list. {@code records} counts offsets between the start and end of each partition. */
    public record TopicSummary(String name, boolean internal, int partitions, int replicationFactor, long sizeBytes,
                               long records, int underReplicatedPartitions) {
    }

    /**
     * One partition of a topic's detail. {@code dirtyRatio}: the log cleaner's dirty share (0..1) of this broker's
     * replica at its last look — null when the topic is not compacted or this broker holds no replica.
     */
    public record PartitionDetail(int partition, Integer leader, List<Integer> replicas, List<Integer> isr,
                                  long startOffset, long endOffset, long sizeBytes, Double dirtyRatio) {
    }

    /** One config entry as describeConfigs reports it. */
    public record ConfigValue(String name, String value, String source, boolean isDefault, boolean readOnly,
                              boolean sensitive) {
    }

    /** A topic's detail. */
    public record TopicDetail(String name, String topicId, boolean internal, int replicationFactor,
                              List<PartitionDetail> partitions, List<ConfigValue> configs) {
    }

    /** {@code POST /api/topics}: partitions and replication factor default to the broker's defaults when absent. */
    public record CreateTopic(String name, Integer partitions, Short replicationFactor, Long retentionMs,
                              Map<String, String> configs) {
    }

    private final ClusterReader reader;
    private final Function<TopicPartition, Optional<Double>> dirtyRatios;

    /** @param dirtyRatios this broker's log cleaner's dirty ratio of a partition, if it has one */
    public TopicsApi(ClusterReader reader, Function<TopicPartition, Optional<Double>> dirtyRatios) {
        this.reader = reader;
        this.dirtyRatios = dirtyRatios;
    }

    public void register(Router router) {
        router.add("GET", "/api/topics", this::list)
                .add("POST", "/api/topics", this::create)
                .add("GET", "/api/topics/{name}", call -> {
                    ConsoleUser user = ConsoleUser.of(call);
                    user.require(AclOperation.DESCRIBE, ResourceType.TOPIC, call.path("name"));
                    return Reply.ok(detail(call.path("name"), user));
                })
                .add("DELETE", "/api/topics/{name}", this::delete)
                .add("PATCH", "/api/topics/{name}/configs", this::alterConfigs);
    }

    private Reply list(HttpCall call) throws Exception {
        ConsoleUser user = ConsoleUser.of(call);
        Map<String, TopicDescription> topics = reader.allTopics(name -> user.may(AclOperation.DESCRIBE,
                ResourceType.TOPIC, name));
        List<TopicPartition> all = topics.values().stream().flatMap(t -> ClusterReader.partitions(t).stream()).toList();
        Map<TopicPartition, Long> starts = reader.offsets(all, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = reader.offsets(all, OffsetSpec.latest());
        Map<TopicPartition, Long> sizes = reader.replicaSizes(reader.cluster().nodes());
        List<TopicSummary> rows = new ArrayList<>();
        for (TopicDescription topic : topics.values()) {
            long size = 0;
            long records = 0;
            int under = 0;
            for (TopicPartitionInfo p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                size += sizes.getOrDefault(tp, 0L);
                records += Math.max(0, ends.getOrDefault(tp, 0L) - starts.getOrDefault(tp, 0L));
                under += ClusterReader.underReplicated(p) ? 1 : 0;
            }
            rows.add(new TopicSummary(topic.name(), topic.isInternal(), topic.partitions().size(),
                    replicationFactor(topic), size, records, under));
        }
        return Reply.ok(rows);
    }

    TopicDetail detail(String name, ConsoleUser user) throws Exception {
        TopicDescription topic = reader.topic(name);
        List<TopicPartition> partitions = ClusterReader.partitions(topic);
        Map<TopicPartition, Long> starts = reader.offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = reader.offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> sizes = reader.replicaSizes(reader.cluster().nodes());
        List<PartitionDetail> details = topic.partitions().stream()
                .sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
                .map(p -> {
                    TopicPartition tp = new TopicPartition(name, p.partition());
                    return new PartitionDetail(p.partition(),
                            p.leader() == null || p.leader().id() < 0 ? null : p.leader().id(), ids(p.replicas()),
                            ids(p.isr()), starts.getOrDefault(tp, 0L), ends.getOrDefault(tp, 0L),
                            sizes.getOrDefault(tp, 0L), dirtyRatios.apply(tp).orElse(null));
                }).toList();
        return new TopicDetail(name, topic.topicId() == null ? null : topic.topicId().toString(), topic.isInternal(),
                replicationFactor(topic), details, user.may(AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, name)
                        ? configs(name) : List.of());
    }

    private List<ConfigValue> configs(String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = await(reader.admin().describeConfigs(List.of(resource)).all()).get(resource);
        return config.entries().stream().sorted(Comparator.comparing(ConfigEntry::name))
                .map(e -> new ConfigValue(e.name(), e.isSensitive() ? null : e.value(), e.source().name(),
                        e.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG, e.isReadOnly(), e.isSensitive()))
                .toList();
    }

    private Reply create(HttpCall call) throws Exception {
        CreateTopic request = call.body(CreateTopic.class);
        TopicRequestValidator.validate(request, reader.cluster().nodes().size());
        ConsoleUser user = ConsoleUser.of(call);
        user.requireTopicCreate(request.name());
        Map<String, String> configs = new HashMap<>(Optional.ofNullable(request.configs()).orElse(Map.of()));
        if (request.retentionMs() != null) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(request.retentionMs()));
        }
        NewTopic topic = new NewTopic(request.name(), Optional.ofNullable(request.partitions()),
                Optional.ofNullable(request.replicationFactor())).configs(configs);
        await(reader.admin().createTopics(List.of(topic)).all());
        return Reply.json(201, detail(request.name(), user));
    }

    private Reply delete(HttpCall call) throws Exception {
        String name = call.path("name");
        ConsoleUser.of(call).require(AclOperation.DELETE, ResourceType.TOPIC, name);
        await(reader.admin().deleteTopics(List.of(name)).all());
        return Reply.noContent();
    }

    /**
     * {@code PATCH /api/topics/{name}/configs} with {@code {"retention.ms": "86400000", "retention.bytes": null}}:
     * sets each named config, and a null value returns it to its default (incrementalAlterConfigs SET / DELETE).
     */
    @SuppressWarnings("unchecked")
    private Reply alterConfigs(HttpCall call) throws Exception {
        String name = call.path("name");
        ConsoleUser user = ConsoleUser.of(call);
        user.require(AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, name);
        Map<String, Object> changes = call.body(Map.class);
        if (changes.isEmpty()) {
            throw ProblemException.badRequest("Name at least one config to change, e.g. {\"retention.ms\": \"86400000\"}");
        }
        if (reader.topic(name) == null) {
            throw new UnknownTopicOrPartitionException("Topic '" + name + "' does not exist");
        }
        List<AlterConfigOp> ops = new ArrayList<>();
        changes.forEach((key, value) -> ops.add(value == null
                ? new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(key, String.valueOf(value)), AlterConfigOp.OpType.SET)));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        await(reader.admin().incrementalAlterConfigs(Map.of(resource, ops)).all());
        return Reply.ok(detail(name, user));
    }

    private static int replicationFactor(TopicDescription topic) {
        return topic.partitions().isEmpty() ? 0 : topic.partitions().get(0).replicas().size();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
