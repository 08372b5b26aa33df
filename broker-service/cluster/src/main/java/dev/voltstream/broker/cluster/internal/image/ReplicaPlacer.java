package dev.voltstream.broker.cluster.internal.image;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.errors.InvalidReplicationFactorException;

/**
 * Places a partition's replicas on alive brokers, as Kafka's rack-aware assignment does: brokers are ordered so that
 * racks alternate (r1-b1, r2-b3, r1-b2, r2-b4...), and each partition takes {@code rf} consecutive brokers of that
 * ring from its own start, so leaders (the first replica) spread evenly and a partition's replicas span racks when
 * racks exist. Deterministic, because every broker applies it to the same log.
 */
final class ReplicaPlacer {
    private ReplicaPlacer() {
    }

    static List<List<Integer>> place(Collection<BrokerRegistration> alive, int firstPartition, int count, int rf,
                                     String topic) {
        if (rf > alive.size()) {
            throw new InvalidReplicationFactorException("Unable to replicate the partition " + rf
                    + " time(s): The target replication factor of " + rf + " cannot be reached because only "
                    + alive.size() + " broker(s) are registered.");
        }
        List<Integer> ring = rackAlternating(alive);
        Map<Integer, String> rackOf = new java.util.HashMap<>();
        alive.forEach(b -> rackOf.put(b.id(), b.rack() == null ? "" : b.rack()));
        int rackCount = (int) rackOf.values().stream().distinct().count();
        int n = ring.size();
        int start = Math.floorMod(topic.hashCode(), n);
        List<List<Integer>> result = new ArrayList<>(count);
        for (int p = firstPartition; p < firstPartition + count; p++) {
            List<Integer> replicas = new ArrayList<>(rf);
            // The shift (p / n) varies the followers' order between rounds, so followers spread too.
            int shift = 1 + (p / n) % Math.max(1, n - 1);
            int first = (start + p) % n;
            replicas.add(ring.get(first));
            java.util.Set<String> racksUsed = new java.util.HashSet<>();
            racksUsed.add(rackOf.get(ring.get(first)));
            for (int r = 1; r < rf; r++) {
                int candidate = (first + r * shift) % n;
                // Skip brokers already chosen, and brokers of a used rack while some rack has no replica yet.
                for (int tries = 0; tries < n; tries++) {
                    int id = ring.get(candidate);
                    boolean rackTaken = racksUsed.size() < rackCount && racksUsed.contains(rackOf.get(id));
                    if (!replicas.contains(id) && !rackTaken) {
                        break;
                    }
                    candidate = (candidate + 1) % n;
                }
                while (replicas.contains(ring.get(candidate))) {
                    candidate = (candidate + 1) % n;
                }
                replicas.add(ring.get(candidate));
                racksUsed.add(rackOf.get(ring.get(candidate)));
            }
            result.add(replicas);
        }
        return result;
    }

    private static List<Integer> rackAlternating(Collection<BrokerRegistration> alive) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        for (BrokerRegistration b : alive) {
            byRack.computeIfAbsent(b.rack() == null ? "" : b.rack(), k -> new ArrayList<>()).add(b.id());
        }
        byRack.values().forEach(l -> l.sort(Integer::compare));
        List<Iterator<Integer>> iterators = new ArrayList<>();
        byRack.values().forEach(l -> iterators.add(l.iterator()));
        List<Integer> ring = new ArrayList<>();
        boolean any = true;
        while (any) {
            any = false;
            for (Iterator<Integer> it : iterators) {
                if (it.hasNext()) {
                    ring.add(it.next());
                    any = true;
                }
            }
        }
        return ring;
    }
}
