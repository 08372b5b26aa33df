package dev.voltstream.broker.tools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;

/**
 * Where every replica of a leaving broker goes: to the remaining broker holding the fewest replicas that does not
 * already hold one of that partition, in the leaving broker's position (so a preferred leader is replaced by a
 * preferred leader). Never shrinks a partition's replication factor: when no broker can take a replica, planning fails.
 */
public final class DecommissionPlan {
    private DecommissionPlan() {
    }

    /**
     * @param assignments every partition's replicas
     * @param remaining the brokers that stay (alive, not {@code leaving})
     * @return the new replicas of each partition that has one on {@code leaving}, in partition order
     */
    public static Map<TopicPartition, List<Integer>> plan(Map<TopicPartition, List<Integer>> assignments,
                                                          Set<Integer> remaining, int leaving) {
        Map<Integer, Integer> load = new HashMap<>();
        remaining.forEach(b -> load.put(b, 0));
        assignments.values().forEach(replicas -> replicas.forEach(r -> load.computeIfPresent(r, (k, n) -> n + 1)));
        Map<TopicPartition, List<Integer>> moves = new LinkedHashMap<>();
        List<TopicPartition> ordered = new ArrayList<>(assignments.keySet());
        ordered.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        for (TopicPartition tp : ordered) {
            List<Integer> replicas = assignments.get(tp);
            int at = replicas.indexOf(leaving);
            if (at < 0) {
                continue;
            }
            Integer target = new TreeSet<>(remaining).stream().filter(b -> !replicas.contains(b))
                    .min((a, b) -> Integer.compare(load.get(a), load.get(b))).orElse(null);
            if (target == null) {
                throw new IllegalStateException("Cannot move " + tp + " off broker " + leaving + ": every remaining "
                        + "broker " + remaining + " already holds one of its replicas " + replicas
                        + " (add a broker or lower the topic's replication factor first)");
            }
            List<Integer> moved = new ArrayList<>(replicas);
            moved.set(at, target);
            load.merge(target, 1, Integer::sum);
            moves.put(tp, moved);
        }
        return moves;
    }
}
