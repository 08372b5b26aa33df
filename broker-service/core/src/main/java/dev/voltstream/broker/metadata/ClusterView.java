package dev.voltstream.broker.metadata;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;

/** What clients are told about the cluster: its id, its controller and its brokers on a given listener. */
public interface ClusterView {
    /**
     * The listener name that stands for the inter-broker listener ({@code inter.broker.listener.name}), for the
     * broker's own calls to the others (coordinators, transaction markers) rather than a client's request.
     */
    String INTER_BROKER_LISTENER = "";

    String clusterId();

    int controllerId();

    int localNodeId();

    /**
     * The alive brokers reachable through the listener the request came in on, each at its endpoint of that listener;
     * a broker without that listener is left out.
     */
    List<BrokerNode> brokers(String listenerName);

    /** Broker {@code brokerId} at its endpoint of {@code listenerName}; empty if it is not alive or lacks it. */
    default Optional<BrokerNode> broker(int brokerId, String listenerName) {
        return brokers(listenerName).stream().filter(b -> b.id() == brokerId).findFirst();
    }

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
