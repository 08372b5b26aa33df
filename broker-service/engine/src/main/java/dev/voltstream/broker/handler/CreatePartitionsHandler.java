package dev.voltstream.broker.handler;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsAssignment;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/** CreatePartitions: adds partitions to topics (never removes), with Kafka's checks and messages; validate-only. */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequestData> {
    private final TopicService topics;
    private final int localNodeId;

    public CreatePartitionsHandler(TopicService topics, int localNodeId) {
        this.topics = topics;
        this.localNodeId = localNodeId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public CompletionStage<CreatePartitionsResponseData> handle(RequestContext context,
                                                                CreatePartitionsRequestData request) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatePartitionsTopic topic : request.topics()) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        boolean tooMany = partitionsAdded(request) > CreateTopicsHandler.MAX_PARTITIONS_PER_BATCH;
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        for (CreatePartitionsTopic topic : request.topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            try {
                if (tooMany) {
                    throw new PolicyViolationException(CreateTopicsHandler.TOO_MANY_PARTITIONS);
                }
                if (duplicates.contains(topic.name())) {
                    throw new InvalidRequestException("Duplicate topic name.");
                }
                createPartitions(topic, request.validateOnly());
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The partitions the request would add over all its topics, capped like CreateTopics (Kafka's controller bounds
     * the records of one request the same way).
     */
    private long partitionsAdded(CreatePartitionsRequestData request) {
        long total = 0;
        for (CreatePartitionsTopic topic : request.topics()) {
            int current = topics.registry().byName(topic.name()).map(TopicMetadata::partitions).orElse(0);
            total += Math.max(0, topic.count() - current);
        }
        return total;
    }

    private void createPartitions(CreatePartitionsTopic request, boolean validateOnly) {
        TopicMetadata topic = topics.existing(request.name());
        int current = topic.partitions();
        if (request.count() == current) {
            throw new InvalidPartitionsException("Topic already has " + current + " partition(s).");
        }
        if (request.count() < current) {
            throw new InvalidPartitionsException("The topic " + topic.name() + " currently has " + current
                    + " partition(s); " + request.count() + " would not be an increase.");
        }
        if (request.assignments() != null) {
            int added = request.count() - current;
            if (request.assignments().size() != added) {
                throw new InvalidReplicaAssignmentException("Attempted to add " + added
                        + " additional partition(s), but only " + request.assignments().size()
                        + " assignment(s) were specified.");
            }
            for (CreatePartitionsAssignment assignment : request.assignments()) {
                checkAssignment(assignment);
            }
        }
        topics.createPartitions(topic.name(), request.count(), validateOnly);
    }

    private void checkAssignment(CreatePartitionsAssignment assignment) {
        if (assignment.brokerIds().isEmpty()) {
            throw new InvalidReplicaAssignmentException("The manual partition assignment includes an empty "
                    + "replica list.");
        }
        Set<Integer> brokers = new HashSet<>();
        for (int broker : assignment.brokerIds()) {
            if (broker != localNodeId) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment includes broker "
                        + broker + ", but no such broker is registered.");
            }
            if (!brokers.add(broker)) {
                throw new InvalidReplicaAssignmentException("The manual partition assignment includes the broker "
                        + broker + " more than once.");
            }
        }
    }
}
