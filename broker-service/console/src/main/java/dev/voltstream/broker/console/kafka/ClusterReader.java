package dev.voltstream.broker.console.kafka;

import static dev.voltstream.broker.console.kafka.ClusterClients.await;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/** The Admin calls several console views share: cluster, all topics, offsets, replica sizes, group offsets and lag. */
public final class ClusterReader {
    private final ClusterClients clients;

    public ClusterReader(ClusterClients clients) {
        this.clients = clients;
    }

    public Admin admin() {
        return clients.admin();
    }

    /** describeCluster: the id, the controller and the brokers. */
    public record ClusterInfo(String clusterId, Node controller, Collection<Node> nodes) {
    }

    public ClusterInfo cluster() throws Exception {
        DescribeClusterResult result = admin().describeCluster();
        return new ClusterInfo(await(result.clusterId()), await(result.controller()), await(result.nodes()));
    }

    /** Every topic (internal ones included), by name, sorted. */
    public Map<String, TopicDescription> allTopics() throws Exception {
        return allTopics(name -> true);
    }

    /** The topics (internal ones included) whose name passes {@code visible}, by name, sorted. */
    public Map<String, TopicDescription> allTopics(java.util.function.Predicate<String> visible) throws Exception {
        Set<String> names = await(admin().listTopics(new ListTopicsOptions().listInternal(true)).names()).stream()
                .filter(visible).collect(Collectors.toSet());
        if (names.isEmpty()) {
            return new TreeMap<>();
        }
        return new TreeMap<>(await(admin().describeTopics(names).allTopicNames()));
    }

    public TopicDescription topic(String name) throws Exception {
        return await(admin().describeTopics(List.of(name)).allTopicNames()).get(name);
    }

    /** listOffsets for every partition given, with one spec (earliest, latest, a timestamp). */
    public Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> spec, (a, b) -> a));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = await(admin().listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** The size of each partition's largest replica, from describeLogDirs on every broker. */
    public Map<TopicPartition, Long> replicaSizes(Collection<Node> brokers) throws Exception {
        List<Integer> ids = brokers.stream().map(Node::id).toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = await(admin().describeLogDirs(ids).allDescriptions());
        Map<TopicPartition, Long> sizes = new HashMap<>();
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    sizes.merge(replica.getKey(), replica.getValue().size(), Math::max);
                }
            }
        }
        return sizes;
    }

    public static List<TopicPartition> partitions(TopicDescription topic) {
        return topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
    }

    /** A partition is under-replicated when its in-sync set is smaller than its replica set. */
    public static boolean underReplicated(TopicPartitionInfo partition) {
        return partition.isr().size() < partition.replicas().size();
    }

    /** Consumer groups (classic and KIP-848), sorted by id. */
    public List<GroupListing> consumerGroups() throws Exception {
        return await(admin().listGroups(ListGroupsOptions.forConsumerGroups()).all()).stream()
                .sorted(java.util.Comparator.comparing(GroupListing::groupId)).toList();
    }

    /** Committed offsets of each group given, by group id. */
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Collection<String> groupIds)
            throws Exception {
        if (groupIds.isEmpty()) {
            return Map.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groupIds.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> all = await(admin().listConsumerGroupOffsets(specs).all());
        Map<String, Map<TopicPartition, OffsetAndMetadata>> withoutNulls = new TreeMap<>();
        all.forEach((group, offsets) -> {
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, om) -> {
                if (om != null) {
                    present.put(tp, om);
                }
            });
            withoutNulls.put(group, present);
        });
        return withoutNulls;
    }

    /** One group's position on one partition. */
    public record PartitionLag(TopicPartition partition, long committed, long endOffset, long lag) {
    }

    /** Lag of every committed partition of every group given: log end offset minus committed offset, at least 0. */
    public Map<String, List<PartitionLag>> lags(Collection<String> groupIds) throws Exception {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = committed(groupIds);
        Set<TopicPartition> partitions = committed.values().stream().flatMap(m -> m.keySet().stream())
                .collect(Collectors.toSet());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<String, List<PartitionLag>> lags = new TreeMap<>();
        committed.forEach((group, offsets) -> lags.put(group, offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .map(e -> {
                    long end = ends.getOrDefault(e.getKey(), e.getValue().offset());
                    return new PartitionLag(e.getKey(), e.getValue().offset(), end,
                            Math.max(0, end - e.getValue().offset()));
                }).toList()));
        return lags;
    }
}
