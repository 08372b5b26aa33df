package dev.voltstream.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignablePartition;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData.ReassignableTopic;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * AlterPartitionReassignments (KIP-455): per partition, starts or replaces a reassignment to the given replicas, or
 * cancels the one in progress (null replicas). The reassignment itself runs in the metadata quorum; this answers once
 * it has been accepted, not once the data has moved (ListPartitionReassignments shows that).
 */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequestData> {
    private final TopicService topics;
    private final ClusterView cluster;

    public AlterPartitionReassignmentsHandler(TopicService topics, ClusterView cluster) {
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletionStage<AlterPartitionReassignmentsResponseData> handle(
            RequestContext context, AlterPartitionReassignmentsRequestData request) {
        AlterPartitionReassignmentsResponseData response = new AlterPartitionReassignmentsResponseData()
                .setAllowReplicationFactorChange(request.allowReplicationFactorChange());
        for (ReassignableTopic topic : request.topics()) {
            ReassignableTopicResponse topicResponse = new ReassignableTopicResponse().setName(topic.name());
            for (ReassignablePartition partition : topic.partitions()) {
                ReassignablePartitionResponse result = new ReassignablePartitionResponse()
                        .setPartitionIndex(partition.partitionIndex()).setErrorMessage(null);
                try {
                    reassign(new TopicPartition(topic.name(), partition.partitionIndex()), partition.replicas(),
                            request.allowReplicationFactorChange());
                } catch (ApiException e) {
                    result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
                }
                topicResponse.partitions().add(result);
            }
            response.responses().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void reassign(TopicPartition tp, List<Integer> target, boolean allowReplicationFactorChange) {
        if (target != null && !allowReplicationFactorChange) {
            int current = cluster.partitionState(tp).map(PartitionState::originalReplicas).map(List::size).orElse(1);
            if (target.size() != current) {
                throw new InvalidReplicationFactorException("The replication factor is changed from " + current
                        + " to " + target.size() + " but allowReplicationFactorChange is false.");
            }
        }
        topics.reassign(tp, target);
    }
}
