package dev.voltstream.broker.group;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;

/**
 * A KIP-848 server-side assignor: given each member's subscribed topics and the partition counts, the target
 * assignment (member → topic id → partitions). {@code previous} is the last target, for assignors that are sticky.
 */
interface PartitionAssignor {
    String name();

    Map<String, Map<Uuid, Set<Integer>>> assign(Map<String, Set<Uuid>> subscriptions, Map<Uuid, Integer> partitions,
                                                Map<String, Map<Uuid, Set<Integer>>> previous);

    static PartitionAssignor named(String name) {
        return switch (name) {
            case "range" -> new RangeAssignor();
            case "uniform" -> new UniformAssignor();
            default -> throw new IllegalArgumentException("Unknown assignor " + name);
        };
    }

    static Map<String, Map<Uuid, Set<Integer>>> emptyFor(Set<String> members) {
        Map<String, Map<Uuid, Set<Integer>>> result = new HashMap<>();
        members.forEach(m -> result.put(m, new HashMap<>()));
        return result;
    }

    static void add(Map<String, Map<Uuid, Set<Integer>>> target, String member, Uuid topic, int partition) {
        target.get(member).computeIfAbsent(topic, t -> new HashSet<>()).add(partition);
    }
}
