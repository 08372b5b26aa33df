package dev.voltstream.broker.group;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/** Committed offsets by group and partition, in memory (the group log makes them durable). Coordinator-locked. */
final class OffsetStore {
    private final Map<String, Map<TopicPartition, CommittedOffset>> byGroup = new HashMap<>();

    void put(String groupId, TopicPartition tp, CommittedOffset offset) {
        byGroup.computeIfAbsent(groupId, g -> new HashMap<>()).put(tp, offset);
    }

    void remove(String groupId, TopicPartition tp) {
        Map<TopicPartition, CommittedOffset> offsets = byGroup.get(groupId);
        if (offsets != null) {
            offsets.remove(tp);
            if (offsets.isEmpty()) {
                byGroup.remove(groupId);
            }
        }
    }

    /** The group's offsets (a live view; empty when it has none). */
    Map<TopicPartition, CommittedOffset> offsets(String groupId) {
        return byGroup.getOrDefault(groupId, Map.of());
    }

    boolean hasOffsets(String groupId) {
        return byGroup.containsKey(groupId);
    }

    Set<String> groups() {
        return byGroup.keySet();
    }

    long size() {
        return byGroup.values().stream().mapToLong(Map::size).sum();
    }
}
