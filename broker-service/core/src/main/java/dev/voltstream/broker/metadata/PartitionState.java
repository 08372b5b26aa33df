package dev.voltstream.broker.metadata;

import java.util.List;

/**
 * A partition as the cluster metadata records it: its replicas (the first is the preferred leader), the in-sync
 * replicas, the current leader ({@code -1} when none is available) and the leader epoch, bumped on every leader change.
 * {@code partitionEpoch} is bumped on every change at all (ISR included), so a stale ISR update can be refused.
 * During a reassignment (KIP-455) {@code replicas} is the target plus the original replicas, {@code addingReplicas}
 * those of the target that are new and {@code removingReplicas} the original ones that are not in the target.
 */
public record PartitionState(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
                             int partitionEpoch, List<Integer> addingReplicas, List<Integer> removingReplicas) {
    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }

    public PartitionState(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, int partitionEpoch) {
        this(replicas, isr, leader, leaderEpoch, partitionEpoch, List.of(), List.of());
    }

    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(replicas, newIsr, leader, leaderEpoch, partitionEpoch + 1, addingReplicas,
                removingReplicas);
    }

    public PartitionState withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionState(replicas, newIsr, newLeader, leaderEpoch + 1, partitionEpoch + 1, addingReplicas,
                removingReplicas);
    }

    /** Whether a reassignment is in progress. */
    public boolean reassigning() {
        return !addingReplicas.isEmpty() || !removingReplicas.isEmpty();
    }

    /** The replicas the partition will have once its reassignment completes (its replicas when none is running). */
    public List<Integer> targetReplicas() {
        return replicas.stream().filter(r -> !removingReplicas.contains(r)).toList();
    }

    /** The replicas before the reassignment began (its replicas when none is running). */
    public List<Integer> originalReplicas() {
        return replicas.stream().filter(r -> !addingReplicas.contains(r)).toList();
    }
}
