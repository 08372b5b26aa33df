package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

/**
 * CreatePartitions: adds partitions to topics (never removes), with Kafka's checks and messages; validate-only. The
 * valid topics grow together: one metadata commit in cluster mode.
 */
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
        List<TopicMetadata> grown = new ArrayList<>();
        Map<String, CreatePartitionsTopicResult> results = new HashMap<>();
        int pendingAdded = 0;
        for (CreatePartitionsTopic topic : request.topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            try {
                if (tooMany) {
                    throw new PolicyViolationException(CreateTopicsHandler.TOO_MANY_PARTITIONS);
                }
                if (duplicates.contains(topic.name())) {
                    throw new InvalidRequestException("Duplicate topic name.");
                }
                TopicMetadata validated = validate(topic, pendingAdded);
                if (!request.validateOnly()) {
                    pendingAdded += validated.partitions() - topics.existing(topic.name()).partitions();
                    grown.add(validated);
                    results.put(topic.name(), result);
                }
            } catch (ApiException e) {
                fail(result, e);
            }
            response.results().add(result);
        }
        grow(grown, results);
        return CompletableFuture.completedFuture(response);
    }

    /**
     * Grows the request's valid topics together (one metadata commit in cluster mode); a topic refused alone (deleted
     * meanwhile), or the whole commit, fails its result.
     */
    private void grow(List<TopicMetadata> grown, Map<String, CreatePartitionsTopicResult> results) {
        try {
            topics.createPartitionsAll(grown).forEach((name, e) -> fail(results.get(name), e));
        } catch (ApiException e) {
            results.values().forEach(result -> fail(result, e));
        }
    }

    private static void fail(CreatePartitionsTopicResult result, ApiException e) {
        result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
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

    /** Checks one topic's growth, counting what the request's topics validated before it add. */
    private TopicMetadata validate(CreatePartitionsTopic request, int pendingAdded) {
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
        return topics.validateCreatePartitions(topic.name(), request.count(), pendingAdded);
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
