package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * ListPartitionReassignments (KIP-455): the reassignments in progress, of every topic or of the partitions asked for
 * (partitions that do not exist or are not being reassigned are left out, as Kafka does).
 */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequestData> {
    private final TopicRegistry registry;
    private final ClusterView cluster;

    public ListPartitionReassignmentsHandler(TopicRegistry registry, ClusterView cluster) {
        this.registry = registry;
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_PARTITION_REASSIGNMENTS;
    }

    @Override
    public CompletionStage<ListPartitionReassignmentsResponseData> handle(
            RequestContext context, ListPartitionReassignmentsRequestData request) {
        ListPartitionReassignmentsResponseData response = new ListPartitionReassignmentsResponseData()
                .setErrorMessage(null);
        if (request.topics() == null) {
            for (TopicMetadata topic : registry.all()) {
                List<Integer> all = new ArrayList<>();
                for (int p = 0; p < topic.partitions(); p++) {
                    all.add(p);
                }
                add(response, topic.name(), all);
            }
        } else {
            for (ListPartitionReassignmentsTopics topic : request.topics()) {
                add(response, topic.name(), topic.partitionIndexes());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private void add(ListPartitionReassignmentsResponseData response, String topic, List<Integer> partitions) {
        OngoingTopicReassignment ongoing = new OngoingTopicReassignment().setName(topic);
        for (int p : partitions) {
            Optional<PartitionState> state = cluster.partitionState(new TopicPartition(topic, p));
            if (state.isPresent() && state.get().reassigning()) {
                ongoing.partitions().add(new OngoingPartitionReassignment().setPartitionIndex(p)
                        .setReplicas(new ArrayList<>(state.get().replicas()))
                        .setAddingReplicas(new ArrayList<>(state.get().addingReplicas()))
                        .setRemovingReplicas(new ArrayList<>(state.get().removingReplicas())));
            }
        }
        if (!ongoing.partitions().isEmpty()) {
            response.topics().add(ongoing);
        }
    }
}
