package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * A partition's leader, epoch, replicas, ISR and offline replicas as Metadata and DescribeTopicPartitions report them
 * to a client on a given listener: in cluster mode from the metadata quorum's record (replicas on fenced brokers, or
 * on brokers without that listener, offline; a leader without that listener is no leader for this client, as in
 * Kafka's metadata cache), on a single node from the hosted partition itself.
 */
final class PartitionDescriber {
    /**
     * One partition's description; {@code error} is {@code LEADER_NOT_AVAILABLE} while it has no leader, and
     * {@code LISTENER_NOT_FOUND} (or {@code LEADER_NOT_AVAILABLE}, see {@link #describe}) while its leader lacks the
     * client's listener.
     */
    record Description(int index, Errors error, int leader, int leaderEpoch, List<Integer> replicas,
                       List<Integer> isr, List<Integer> offline) {
    }

    private final ClusterView cluster;
    private final ReplicaManager replicas;

    PartitionDescriber(ClusterView cluster, ReplicaManager replicas) {
        this.cluster = cluster;
        this.replicas = replicas;
    }

    /**
     * {@code errorUnavailableListeners}: whether a leader without {@code listenerName} is reported as
     * {@code LISTENER_NOT_FOUND} (Metadata v6+, as Kafka) rather than {@code LEADER_NOT_AVAILABLE}.
     */
    Description describe(TopicPartition tp, String listenerName, boolean errorUnavailableListeners) {
        return cluster.partitionState(tp)
                .map(state -> fromQuorum(tp.partition(), state, listenerName, errorUnavailableListeners))
                .orElseGet(() -> fromHosted(tp));
    }

    private Description fromHosted(TopicPartition tp) {
        Partition p = replicas.partition(tp).orElse(null);
        if (p == null) {
            return new Description(tp.partition(), Errors.LEADER_NOT_AVAILABLE, -1, -1, List.of(), List.of(),
                    List.of());
        }
        return new Description(tp.partition(), Errors.NONE, p.leaderId(), p.leaderEpoch(),
                new ArrayList<>(p.replicas()), new ArrayList<>(p.inSyncReplicas()), new ArrayList<>());
    }

    private Description fromQuorum(int index, PartitionState state, String listenerName,
                                   boolean errorUnavailableListeners) {
        List<Integer> offline = new ArrayList<>();
        for (int r : state.replicas()) {
            if (cluster.broker(r, listenerName).isEmpty()) {
                offline.add(r);
            }
        }
        Errors error = Errors.NONE;
        int leader = state.leader();
        if (leader < 0) {
            error = Errors.LEADER_NOT_AVAILABLE;
        } else if (cluster.broker(leader, listenerName).isEmpty()) {
            error = errorUnavailableListeners && cluster.isAlive(leader) ? Errors.LISTENER_NOT_FOUND
                    : Errors.LEADER_NOT_AVAILABLE;
            leader = -1;
        }
        return new Description(index, error, leader, state.leaderEpoch(), new ArrayList<>(state.replicas()),
                new ArrayList<>(state.isr()), offline);
    }
}
