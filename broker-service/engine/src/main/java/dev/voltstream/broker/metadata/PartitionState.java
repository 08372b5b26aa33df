package dev.voltstream.broker.metadata;

import java.util.List;

/**
 * A partition as the cluster metadata records it: its replicas (the first is the preferred leader), the in-sync
 * replicas, the current leader ({@code -1} when none is available) and the leader epoch, bumped on every leader change.
 * {@code partitionEpoch} is bumped on every change at all (ISR included), so a stale ISR update can be refused.
 */
public record PartitionState(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch,
                             int partitionEpoch) {
    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    public PartitionState withIsr(List<Integer> newIsr) {
        return new PartitionState(replicas, newIsr, leader, leaderEpoch, partitionEpoch + 1);
    }

    public PartitionState withLeader(int newLeader, List<Integer> newIsr) {
        return new PartitionState(replicas, newIsr, newLeader, leaderEpoch + 1, partitionEpoch + 1);
    }
}
