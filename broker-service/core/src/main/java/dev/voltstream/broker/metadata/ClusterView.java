package dev.voltstream.broker.metadata;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;

/** What clients are told about the cluster: its id, its controller and its brokers on a given listener. */
public interface ClusterView {
    String clusterId();

    int controllerId();

    int localNodeId();

    /** The brokers reachable through the listener the request came in on. */
    List<BrokerNode> brokers(String listenerName);

    /**
     * The partition's replicas, ISR, leader and epoch as the cluster metadata records them; empty on a single node,
     * where the hosted partition itself is the truth.
     */
    default Optional<PartitionState> partitionState(TopicPartition partition) {
        return Optional.empty();
    }

    /** Whether the broker is registered and not fenced (a single node knows only itself). */
    default boolean isAlive(int brokerId) {
        return brokerId == localNodeId();
    }

    /**
     * The broker coordinating a consumer group: this broker on a single node; in a cluster the leader of the group's
     * {@code __consumer_offsets} partition, empty while that topic does not exist or the partition has no leader.
     */
    default Optional<BrokerNode> groupCoordinator(String listenerName, String groupId) {
        return Optional.of(localBroker(listenerName));
    }

    /**
     * The broker coordinating a transactional id: this broker on a single node; in a cluster the leader of the id's
     * {@code __transaction_state} partition, empty while that topic does not exist or the partition has no leader.
     */
    default Optional<BrokerNode> transactionCoordinator(String listenerName, String transactionalId) {
        return Optional.of(localBroker(listenerName));
    }

    /** The metadata quorum, in cluster mode; empty on a single node, which has none. */
    default Optional<QuorumAdmin> quorum() {
        return Optional.empty();
    }

    default BrokerNode localBroker(String listenerName) {
        return brokers(listenerName).stream().filter(b -> b.id() == localNodeId()).findFirst().orElseThrow();
    }
}
