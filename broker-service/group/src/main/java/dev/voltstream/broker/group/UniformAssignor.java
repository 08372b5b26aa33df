package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

/**
 * {@code uniform}: spreads all subscribed partitions evenly, keeping each partition with its previous owner where
 * that stays balanced (so a rebalance moves as few partitions as possible), then giving the rest to the least
 * loaded subscribed member.
 */
final class UniformAssignor implements PartitionAssignor {
    @Override
    public String name() {
        return "uniform";
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(Map<String, Set<Uuid>> subscriptions,
                                                       Map<Uuid, Integer> partitions,
                                                       Map<String, Map<Uuid, Set<Integer>>> previous) {
        Map<String, Map<Uuid, Set<Integer>>> target = PartitionAssignor.emptyFor(subscriptions.keySet());
        Map<String, Integer> counts = new HashMap<>();
        subscriptions.keySet().forEach(m -> counts.put(m, 0));
        Map<String, Integer> floor = new HashMap<>();
        int[] extraSlots = {0};
        subscriptions.forEach((member, topics) -> {
            double share = 0;
            for (Uuid t : topics) {
                long sharers = subscriptions.values().stream().filter(s -> s.contains(t)).count();
                share += partitions.getOrDefault(t, 0) / (double) sharers;
            }
            floor.put(member, (int) Math.floor(share));
            extraSlots[0] += share > Math.floor(share) ? 1 : 0;
        });
        List<Map.Entry<Uuid, Integer>> unassigned = new ArrayList<>();
        Map<Uuid, Map<Integer, String>> owner = new HashMap<>();
        previous.forEach((member, topics) -> {
            if (subscriptions.containsKey(member)) {
                topics.forEach((t, ps) -> ps.forEach(p -> owner.computeIfAbsent(t, x -> new HashMap<>()).put(p, member)));
            }
        });
        // Sticky pass: previous owners keep up to their floor share, and one more while extra slots remain.
        for (Map.Entry<Uuid, Integer> topic : new TreeMap<>(partitions).entrySet()) {
            for (int p = 0; p < topic.getValue(); p++) {
                String prev = owner.getOrDefault(topic.getKey(), Map.of()).get(p);
                boolean keep = prev != null && subscriptions.get(prev).contains(topic.getKey());
                if (keep && counts.get(prev) >= floor.get(prev)) {
                    keep = counts.get(prev) == floor.get(prev) && extraSlots[0] > 0;
                    if (keep) {
                        extraSlots[0]--;
                    }
                }
                if (keep) {
                    PartitionAssignor.add(target, prev, topic.getKey(), p);
                    counts.merge(prev, 1, Integer::sum);
                } else {
                    unassigned.add(Map.entry(topic.getKey(), p));
                }
            }
        }
        for (Map.Entry<Uuid, Integer> tp : unassigned) {
            subscriptions.entrySet().stream().filter(e -> e.getValue().contains(tp.getKey()))
                    .map(Map.Entry::getKey)
                    .min(Comparator.comparing((String m) -> counts.get(m)).thenComparing(m -> m))
                    .ifPresent(m -> {
                        PartitionAssignor.add(target, m, tp.getKey(), tp.getValue());
                        counts.merge(m, 1, Integer::sum);
                    });
        }
        return target;
    }
}
