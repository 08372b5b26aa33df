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
 * A partition's leader, epoch, replicas, ISR and offline replicas as Metadata and DescribeTopicPartitions report them:
 * in cluster mode from the metadata quorum's record (replicas on fenced brokers offline), on a single node from the
 * hosted partition itself.
 */
final class PartitionDescriber {
    /** One partition's description; {@code error} is {@code LEADER_NOT_AVAILABLE} while it has no leader. */
    record Description(int index, Errors error, int leader, int leaderEpoch, List<Integer> replicas,
                       List<Integer> isr, List<Integer> offline) {
    }

    private final ClusterView cluster;
    private final ReplicaManager replicas;

    PartitionDescriber(ClusterView cluster, ReplicaManager replicas) {
        this.cluster = cluster;
        this.replicas = replicas;
    }

    Description describe(TopicPartition tp) {
        return cluster.partitionState(tp).map(state -> fromQuorum(tp.partition(), state))
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

    private Description fromQuorum(int index, PartitionState state) {
        List<Integer> offline = new ArrayList<>();
        for (int r : state.replicas()) {
            if (!cluster.isAlive(r)) {
                offline.add(r);
            }
        }
        return new Description(index, state.leader() < 0 ? Errors.LEADER_NOT_AVAILABLE : Errors.NONE,
                state.leader(), state.leaderEpoch(), new ArrayList<>(state.replicas()), new ArrayList<>(state.isr()),
                offline);
    }
}
