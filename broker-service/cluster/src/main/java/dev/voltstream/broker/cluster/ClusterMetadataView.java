package dev.voltstream.broker.cluster;

import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import org.apache.kafka.common.TopicPartition;

import dev.voltstream.broker.cluster.internal.image.BrokerRegistration;
import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.TopicImage;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.metadata.TransactionStateTopic;

/**
 * What clients are told in cluster mode, read from this broker's copy of the metadata image: every alive broker at its
 * endpoint of the listener asked about (brokers without that listener are left out, as Kafka does), the controller
 * (the Raft leader), and each partition's true leader, replicas and ISR. {@link #INTER_BROKER_LISTENER} asks for the
 * inter-broker listener's endpoints, which is also the listener an old registration's unnamed endpoint stands for.
 */
final class ClusterMetadataView implements ClusterView {
    private final String clusterId;
    private final int localNodeId;
    private final MetadataQuorum quorum;
    private final String interBrokerListener;

    ClusterMetadataView(String clusterId, int localNodeId, MetadataQuorum quorum, String interBrokerListener) {
        this.clusterId = clusterId;
        this.localNodeId = localNodeId;
        this.quorum = quorum;
        this.interBrokerListener = interBrokerListener;
    }

    /** The listener brokers reach each other on ({@code inter.broker.listener.name}). */
    String interBrokerListener() {
        return interBrokerListener;
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public int controllerId() {
        return quorum.controllerId();
    }

    @Override
    public Optional<QuorumAdmin> quorum() {
        return Optional.of(quorum.admin());
    }

    @Override
    public int localNodeId() {
        return localNodeId;
    }

    @Override
    public List<BrokerNode> brokers(String listenerName) {
        return quorum.image().brokers().values().stream().filter(b -> !b.fenced())
                .flatMap(b -> node(b, listenerName).stream()).toList();
    }

    @Override
    public Optional<BrokerNode> broker(int brokerId, String listenerName) {
        BrokerRegistration b = quorum.image().brokers().get(brokerId);
        return b == null || b.fenced() ? Optional.empty() : node(b, listenerName);
    }

    @Override
    public BrokerNode localBroker(String listenerName) {
        BrokerRegistration self = quorum.image().brokers().get(localNodeId);
        if (self == null) {
            throw new IllegalStateException("Broker " + localNodeId + " is not registered yet");
        }
        return node(self, listenerName).orElseThrow(() -> new IllegalStateException("Broker " + localNodeId
                + " has no endpoint on listener " + listenerName));
    }

    @Override
    public Optional<PartitionState> partitionState(TopicPartition partition) {
        return quorum.image().partition(partition);
    }

    @Override
    public boolean isAlive(int brokerId) {
        return quorum.image().alive(brokerId);
    }

    /** The leader of the group's {@code __consumer_offsets} partition, as Kafka places group coordinators. */
    @Override
    public Optional<BrokerNode> groupCoordinator(String listenerName, String groupId) {
        return partitionLeader(listenerName, OffsetsTopic.NAME, count -> OffsetsTopic.partitionFor(groupId, count));
    }

    /** The leader of the id's {@code __transaction_state} partition, as Kafka places transaction coordinators. */
    @Override
    public Optional<BrokerNode> transactionCoordinator(String listenerName, String transactionalId) {
        return partitionLeader(listenerName, TransactionStateTopic.NAME,
                count -> TransactionStateTopic.partitionFor(transactionalId, count));
    }

    /** The partition's leader at its endpoint of {@code listenerName}; empty without a leader or that endpoint. */
    private Optional<BrokerNode> partitionLeader(String listenerName, String topicName, IntUnaryOperator partitionFor) {
        ClusterImage image = quorum.image();
        TopicImage topic = image.topics().get(topicName);
        if (topic == null || topic.partitions().isEmpty()) {
            return Optional.empty();
        }
        int leader = topic.partitions().get(partitionFor.applyAsInt(topic.partitions().size())).leader();
        BrokerRegistration broker = image.brokers().get(leader);
        return broker == null || broker.fenced() ? Optional.empty() : node(broker, listenerName);
    }

    private Optional<BrokerNode> node(BrokerRegistration b, String listenerName) {
        String name = listenerName == null || listenerName.equals(INTER_BROKER_LISTENER) ? interBrokerListener
                : listenerName;
        return b.endpoint(name, interBrokerListener).map(e -> new BrokerNode(b.id(), e.host(), e.port(), b.rack()));
    }
}
