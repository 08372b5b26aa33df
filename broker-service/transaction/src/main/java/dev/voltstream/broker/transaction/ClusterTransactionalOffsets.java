package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;

/**
 * Transactional offsets in a cluster, where a group's coordinator (leader of its {@code __consumer_offsets}
 * partition) and a transactional id's coordinator (leader of its {@code __transaction_state} partition) are often
 * different brokers. The client sends TxnOffsetCommit to the group coordinator, which checks the member and
 * {@link #forward}s the offsets to the transaction coordinator as a TxnOffsetCommit naming no member (which Kafka
 * accepts from anyone); they are held there with the transaction, replicated, until it commits. Then the transaction
 * coordinator {@link #commit}s them to the group coordinator, as a TxnOffsetCommit with client id
 * {@link BrokerClient#OFFSETS_DELIVERY_CLIENT_ID}, which stores them as ordinary commits of the group.
 */
public final class ClusterTransactionalOffsets implements TransactionalOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransactionalOffsets.class);
    private static final String FORWARD_CLIENT_ID = "voltstream-transaction-offsets-forward";
    private static final short VERSION = 3;
    /** Transaction version 2: the group joins the transaction at the coordinator (no AddOffsetsToTxn). */
    private static final short TV2_VERSION = 5;

    private final TransactionalOffsets local;
    private final ClusterView cluster;
    private final BrokerClient brokers;

    /** {@code local}: this broker's group coordinator, for the groups it coordinates. */
    public ClusterTransactionalOffsets(TransactionalOffsets local, ClusterView cluster, BrokerClient brokers) {
        this.local = local;
        this.cluster = cluster;
        this.brokers = brokers;
    }

    /** A committed transaction's offsets, to the group's coordinator (blocking when that is another broker). */
    @Override
    public CompletableFuture<Errors> commit(String groupId, Map<TopicPartition, PendingOffset> offsets) {
        Optional<BrokerNode> owner = cluster.groupCoordinator(ClusterView.INTER_BROKER_LISTENER, groupId);
        if (owner.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.COORDINATOR_NOT_AVAILABLE);
        }
        if (owner.get().id() == cluster.localNodeId()) {
            return local.commit(groupId, offsets);
        }
        TxnOffsetCommitRequestData request = request("", -1, (short) -1, groupId, offsets);
        return CompletableFuture.completedFuture(call(owner.get().id(), BrokerClient.OFFSETS_DELIVERY_CLIENT_ID,
                request, VERSION));
    }

    /** A delivery from another broker's transaction coordinator: the group is coordinated here. */
    public CompletableFuture<Errors> deliverHere(String groupId, Map<TopicPartition, PendingOffset> offsets) {
        return local.commit(groupId, offsets);
    }

    /**
     * A client's offsets, the member already checked here (the group coordinator), to the transactional id's
     * coordinator: its error (NOT_COORDINATOR when that moved, which the client retries after looking up the group
     * coordinator again, i.e. here). {@code tv}: the client's transaction version, passed on as the request's.
     */
    public Errors forward(String transactionalId, long producerId, short producerEpoch, String groupId,
                          Map<TopicPartition, PendingOffset> offsets, short tv) {
        Optional<BrokerNode> owner = cluster.transactionCoordinator(ClusterView.INTER_BROKER_LISTENER, transactionalId);
        if (owner.isEmpty()) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        return call(owner.get().id(), FORWARD_CLIENT_ID, request(transactionalId, producerId, producerEpoch, groupId,
                offsets), tv == TransactionMetadata.TV_2 ? TV2_VERSION : VERSION);
    }

    private static TxnOffsetCommitRequestData request(String transactionalId, long producerId, short epoch,
                                                      String groupId, Map<TopicPartition, PendingOffset> offsets) {
        Map<String, TxnOffsetCommitRequestTopic> topics = new HashMap<>();
        TxnOffsetCommitRequestData request = new TxnOffsetCommitRequestData().setTransactionalId(transactionalId)
                .setProducerId(producerId).setProducerEpoch(epoch).setGroupId(groupId).setGenerationId(-1)
                .setMemberId("").setGroupInstanceId(null);
        offsets.forEach((tp, o) -> topics.computeIfAbsent(tp.topic(), t -> {
            TxnOffsetCommitRequestTopic topic = new TxnOffsetCommitRequestTopic().setName(t);
            request.topics().add(topic);
            return topic;
        }).partitions().add(new TxnOffsetCommitRequestPartition().setPartitionIndex(tp.partition())
                .setCommittedOffset(o.offset()).setCommittedLeaderEpoch(o.leaderEpoch())
                .setCommittedMetadata(o.metadata())));
        return request;
    }

    private Errors call(int brokerId, String clientId, TxnOffsetCommitRequestData request, short version) {
        TxnOffsetCommitResponseData response;
        try {
            response = (TxnOffsetCommitResponseData) brokers.call(brokerId, clientId, ApiKeys.TXN_OFFSET_COMMIT,
                    version, request);
        } catch (IOException e) {
            LOG.warn("Cannot send the offsets of group '{}' to broker {}: {}", request.groupId(), brokerId,
                    e.toString());
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        for (TxnOffsetCommitResponseTopic topic : response.topics()) {
            for (TxnOffsetCommitResponsePartition p : topic.partitions()) {
                if (p.errorCode() != Errors.NONE.code()) {
                    return Errors.forCode(p.errorCode());
                }
            }
        }
        return Errors.NONE;
    }
}
