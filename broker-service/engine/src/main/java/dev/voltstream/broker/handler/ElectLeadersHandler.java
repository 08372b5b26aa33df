package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData.TopicPartitions;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.PartitionResult;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * ElectLeaders ({@code kafka-leader-election.sh}, {@code Admin.electLeaders}): per partition, a preferred election
 * (v0, or election type 0) or an unclean one (type 1), decided in the metadata quorum. Without a partition list every
 * partition is tried and, as in Kafka, those that needed no election are left out of the answer.
 */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequestData> {
    private final TopicService topics;

    public ElectLeadersHandler(TopicService topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    @Override
    public CompletionStage<ElectLeadersResponseData> handle(RequestContext context, ElectLeadersRequestData request) {
        ElectLeadersResponseData response = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
        ElectionType type;
        try {
            type = context.apiVersion() == 0 ? ElectionType.PREFERRED : ElectionType.valueOf(request.electionType());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        boolean all = request.topicPartitions() == null;
        Map<String, List<Integer>> wanted = all ? everyPartition() : requested(request.topicPartitions());
        wanted.forEach((topic, partitions) -> {
            ReplicaElectionResult topicResult = new ReplicaElectionResult().setTopic(topic);
            for (int partition : partitions) {
                Errors error = Errors.NONE;
                String message = null;
                try {
                    topics.electLeader(new TopicPartition(topic, partition), type == ElectionType.UNCLEAN);
                } catch (ApiException e) {
                    error = Errors.forException(e);
                    message = e.getMessage();
                }
                if (!all || error != Errors.ELECTION_NOT_NEEDED) {
                    topicResult.partitionResult().add(new PartitionResult().setPartitionId(partition)
                            .setErrorCode(error.code()).setErrorMessage(message));
                }
            }
            if (!topicResult.partitionResult().isEmpty()) {
                response.replicaElectionResults().add(topicResult);
            }
        });
        return CompletableFuture.completedFuture(response);
    }

    private Map<String, List<Integer>> everyPartition() {
        Map<String, List<Integer>> all = new LinkedHashMap<>();
        for (TopicMetadata topic : topics.registry().all()) {
            List<Integer> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(p);
            }
            all.put(topic.name(), partitions);
        }
        return all;
    }

    private static Map<String, List<Integer>> requested(Iterable<TopicPartitions> topicPartitions) {
        Map<String, List<Integer>> wanted = new LinkedHashMap<>();
        for (TopicPartitions tp : topicPartitions) {
            wanted.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).addAll(tp.partitions());
        }
        return wanted;
    }
}
