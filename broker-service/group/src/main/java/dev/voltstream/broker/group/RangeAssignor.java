package dev.voltstream.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.common.Uuid;

/** {@code range}: per topic, the subscribed members (by id) each take a contiguous range, the first ones one more. */
final class RangeAssignor implements PartitionAssignor {
    @Override
    public String name() {
        return "range";
    }

    @Override
    public Map<String, Map<Uuid, Set<Integer>>> assign(Map<String, Set<Uuid>> subscriptions,
                                                       Map<Uuid, Integer> partitions,
                                                       Map<String, Map<Uuid, Set<Integer>>> previous) {
        Map<String, Map<Uuid, Set<Integer>>> target = PartitionAssignor.emptyFor(subscriptions.keySet());
        new TreeMap<>(partitions).forEach((topic, count) -> {
            List<String> members = subscriptions.entrySet().stream().filter(e -> e.getValue().contains(topic))
                    .map(Map.Entry::getKey).sorted().toList();
            if (members.isEmpty()) {
                return;
            }
            int per = count / members.size();
            int extra = count % members.size();
            int next = 0;
            for (int i = 0; i < members.size(); i++) {
                int take = per + (i < extra ? 1 : 0);
                for (int p = next; p < next + take; p++) {
                    PartitionAssignor.add(target, members.get(i), topic, p);
                }
                next += take;
            }
        });
        return target;
    }
}
