package dev.voltstream.broker.handler;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DescribeQuorumRequestData;
import org.apache.kafka.common.message.DescribeQuorumResponseData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Listener;
import org.apache.kafka.common.message.DescribeQuorumResponseData.Node;
import org.apache.kafka.common.message.DescribeQuorumResponseData.PartitionData;
import org.apache.kafka.common.message.DescribeQuorumResponseData.ReplicaState;
import org.apache.kafka.common.message.DescribeQuorumResponseData.TopicData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.metadata.QuorumDescription;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * DescribeQuorum ({@code kafka-metadata-quorum.sh describe --status / --replication}): the metadata quorum as its
 * leader sees it, answered by any broker (Kafka's brokers forward it to the active controller; ours ask the Raft
 * leader). The metadata log is reported as Kafka's {@code __cluster_metadata-0}. Registered in cluster mode only: a
 * single node has no quorum and does not advertise the API.
 */
public final class DescribeQuorumHandler implements ApiHandler<DescribeQuorumRequestData> {
    static final String METADATA_TOPIC = "__cluster_metadata";

    private final QuorumAdmin quorum;

    public DescribeQuorumHandler(QuorumAdmin quorum) {
        this.quorum = quorum;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_QUORUM;
    }

    @Override
    public CompletionStage<DescribeQuorumResponseData> handle(RequestContext context,
                                                             DescribeQuorumRequestData request) {
        return quorum.describeQuorum().thenApply(this::response);
    }

    private DescribeQuorumResponseData response(QuorumDescription d) {
        PartitionData partition = new PartitionData().setPartitionIndex(0)
                .setLeaderId(d.leaderId())
                .setLeaderEpoch(d.leaderEpoch())
                .setHighWatermark(d.highWatermark())
                .setCurrentVoters(states(d.voters()))
                .setObservers(states(d.observers()));
        DescribeQuorumResponseData response = new DescribeQuorumResponseData();
        response.topics().add(new TopicData().setTopicName(METADATA_TOPIC).setPartitions(List.of(partition)));
        for (QuorumDescription.Replica voter : d.voters()) {
            Node node = new Node().setNodeId(voter.id());
            node.listeners().add(new Listener().setName(quorum.controllerListenerName()).setHost(voter.host())
                    .setPort(voter.port()));
            response.nodes().add(node);
        }
        return response;
    }

    private static List<ReplicaState> states(List<QuorumDescription.Replica> replicas) {
        return replicas.stream().map(r -> new ReplicaState().setReplicaId(r.id())
                .setReplicaDirectoryId(Uuid.ZERO_UUID)
                .setLogEndOffset(r.logEndOffset())
                .setLastFetchTimestamp(r.lastFetchTimestamp())
                .setLastCaughtUpTimestamp(r.lastCaughtUpTimestamp())).toList();
    }
}
