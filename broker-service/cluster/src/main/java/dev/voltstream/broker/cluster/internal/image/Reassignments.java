package dev.voltstream.broker.cluster.internal.image;

import static dev.voltstream.broker.cluster.internal.image.BrokerRegistration.isAlive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;

import dev.voltstream.broker.metadata.PartitionState;

/**
 * Partition reassignment as KIP-455 defines it, as pure functions of the image. A reassignment to {@code target} makes
 * the replicas {@code target} followed by the original replicas not in it, recording which are being added and which
 * removed; the added replicas fetch and join the ISR like any follower, and once every target replica is in the ISR
 * the reassignment completes: replicas = target, ISR = ISR ∩ target, and the leader moves (epoch bumped) when it is
 * not in the target. Cancelling reverts to the original replicas.
 */
final class Reassignments {
    private Reassignments() {
    }

    /** Starts or replaces a reassignment to {@code target}, or cancels the one in progress ({@code target} null). */
    static PartitionState alter(Map<Integer, BrokerRegistration> brokers, PartitionState state, List<Integer> target) {
        if (target == null) {
            if (!state.reassigning()) {
                throw new NoReassignmentInProgressException("No reassignment is in progress for this partition.");
            }
            return reassign(brokers, state, state.originalReplicas(), List.of(), List.of());
        }
        validate(brokers, target);
        List<Integer> original = state.originalReplicas();
        List<Integer> replicas = new ArrayList<>(target);
        original.stream().filter(r -> !target.contains(r)).forEach(replicas::add);
        List<Integer> adding = target.stream().filter(r -> !original.contains(r)).toList();
        List<Integer> removing = original.stream().filter(r -> !target.contains(r)).toList();
        return maybeComplete(brokers, reassign(brokers, state, replicas, adding, removing));
    }

    /** Completes the reassignment in progress once every target replica is in the ISR; else returns {@code state}. */
    static PartitionState maybeComplete(Map<Integer, BrokerRegistration> brokers, PartitionState state) {
        if (!state.reassigning() || !state.isr().containsAll(state.targetReplicas())) {
            return state;
        }
        return reassign(brokers, state, state.targetReplicas(), List.of(), List.of());
    }

    /** The state with new replicas: the ISR keeps only replicas still assigned; a leader no longer assigned moves. */
    private static PartitionState reassign(Map<Integer, BrokerRegistration> brokers, PartitionState state,
                                           List<Integer> replicas, List<Integer> adding, List<Integer> removing) {
        List<Integer> isr = state.isr().stream().filter(replicas::contains).toList();
        if (replicas.contains(state.leader())) {
            return new PartitionState(replicas, isr, state.leader(), state.leaderEpoch(), state.partitionEpoch() + 1,
                    adding, removing);
        }
        // Clean election only: the first replica, in preference order, that is in the ISR and alive.
        int leader = replicas.stream().filter(r -> isr.contains(r) && isAlive(brokers, r)).findFirst().orElse(-1);
        return new PartitionState(replicas, isr, leader, state.leaderEpoch() + 1, state.partitionEpoch() + 1, adding,
                removing);
    }

    private static void validate(Map<Integer, BrokerRegistration> brokers, List<Integer> target) {
        if (target.isEmpty()) {
            throw new InvalidReplicaAssignmentException("The manual partition assignment includes an empty "
                    + "replica list.");
        }
        Set<Integer> seen = new HashSet<>();
        for (int r : target) {
            if (!seen.add(r)) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment includes the broker "
                        + r + " more than once.");
            }
            if (!isAlive(brokers, r)) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment includes broker " + r
                        + ", but no such broker is registered and unfenced.");
            }
        }
    }
}
