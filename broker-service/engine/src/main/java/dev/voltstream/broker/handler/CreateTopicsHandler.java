package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.config.dynamic.ConfigDescriber;
import dev.voltstream.broker.config.dynamic.DescribedConfig;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.NewTopic;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * CreateTopics: Kafka's name, partition, replication-factor and config checks, each topic's error its own;
 * validate-only honoured. The valid topics are created together: one metadata commit in cluster mode.
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequestData> {
    /** Kafka's {@code ReplicationControlManager.MAX_PARTITIONS_PER_BATCH}, and its message. */
    static final int MAX_PARTITIONS_PER_BATCH = 10_000;
    static final String TOO_MANY_PARTITIONS = "Excessively large number of partitions per request.";

    private final TopicService topics;
    private final ClusterView cluster;
    private final ConfigDescriber describer;

    private final int defaultPartitions;

    public CreateTopicsHandler(TopicService topics, ClusterView cluster, ConfigDescriber describer,
                               int defaultPartitions) {
        this.topics = topics;
        this.defaultPartitions = defaultPartitions;
        this.cluster = cluster;
        this.describer = describer;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletionStage<CreateTopicsResponseData> handle(RequestContext context, CreateTopicsRequestData request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatableTopic topic : request.topics()) {
            if (!seen.add(topic.name())) {
                duplicates.add(topic.name());
            }
        }
        boolean tooMany = partitionsRequested(request) > MAX_PARTITIONS_PER_BATCH;
        List<NewTopic> valid = new ArrayList<>();
        Map<String, CreatableTopicResult> results = new HashMap<>();
        for (CreatableTopic topic : request.topics()) {
            CreatableTopicResult result = new CreatableTopicResult().setName(topic.name())
                    .setNumPartitions(-1).setReplicationFactor((short) -1);
            try {
                if (tooMany) {
                    throw new PolicyViolationException(TOO_MANY_PARTITIONS);
                }
                if (duplicates.contains(topic.name())) {
                    throw new InvalidRequestException("Create topics request from client `" + context.clientId()
                            + "` contains multiple entries for the following topics: " + topic.name());
                }
                NewTopic validated = validate(topic, valid);
                if (request.validateOnly()) {
                    describe(result, validated.preview());
                } else {
                    valid.add(validated);
                    results.put(topic.name(), result);
                }
            } catch (ApiException e) {
                fail(result, e);
            }
            response.topics().add(result);
        }
        create(valid, results);
        return CompletableFuture.completedFuture(response);
    }

    /**
     * Creates the request's valid topics together (one metadata commit in cluster mode) and completes their results:
     * the new topic, or the error of one refused alone (or of the whole commit).
     */
    private void create(List<NewTopic> valid, Map<String, CreatableTopicResult> results) {
        Map<String, ApiException> refused;
        try {
            refused = topics.createAll(valid);
        } catch (ApiException e) {
            results.values().forEach(result -> fail(result, e));
            return;
        }
        for (NewTopic topic : valid) {
            CreatableTopicResult result = results.get(topic.name());
            try {
                ApiException error = refused.get(topic.name());
                if (error != null) {
                    throw error;
                }
                describe(result, topics.existing(topic.name()));
            } catch (ApiException e) {
                fail(result, e);
            }
        }
    }

    private void describe(CreatableTopicResult result, TopicMetadata topic) {
        result.setTopicId(topic.id())
                .setNumPartitions(topic.partitions())
                .setReplicationFactor((short) 1)
                .setConfigs(configsOf(topic));
    }

    private static void fail(CreatableTopicResult result, ApiException e) {
        result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
    }

    /**
     * Kafka's controller counts the partitions a request asks for (defaults included, non-positive counts not) and
     * refuses the whole request above 10,000, so no single request can create an unbounded number of logs.
     */
    private long partitionsRequested(CreateTopicsRequestData request) {
        long total = 0;
        for (CreatableTopic topic : request.topics()) {
            if (!topic.assignments().isEmpty()) {
                total += topic.assignments().size();
            } else if (topic.numPartitions() == -1) {
                total += defaultPartitions;
            } else if (topic.numPartitions() > 0) {
                total += topic.numPartitions();
            }
        }
        return total;
    }

    /** Validates one topic, counting the request's topics validated before it ({@code pending}). */
    private NewTopic validate(CreatableTopic topic, List<NewTopic> pending) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (CreatableTopicConfig config : topic.configs()) {
            configs.put(config.name(), config.value());
        }
        int partitions = topic.numPartitions();
        short replicationFactor = topic.replicationFactor();
        java.util.List<java.util.List<Integer>> assignments = new java.util.ArrayList<>();
        if (!topic.assignments().isEmpty()) {
            if (partitions != -1 || replicationFactor != -1) {
                throw new InvalidRequestException("Both numPartitions or replicationFactor and replicasAssignments "
                        + "were set. Both cannot be used at the same time.");
            }
            partitions = topic.assignments().size();
            for (CreatableReplicaAssignment assignment : topic.assignments()) {
                for (int broker : assignment.brokerIds()) {
                    if (!cluster.isAlive(broker)) {
                        throw new InvalidReplicaAssignmentException("Unknown broker id " + broker
                                + " in the replica assignment of partition " + assignment.partitionIndex());
                    }
                }
                replicationFactor = (short) assignment.brokerIds().size();
            }
            topic.assignments().stream()
                    .sorted(java.util.Comparator.comparingInt(CreatableReplicaAssignment::partitionIndex))
                    .forEach(a -> assignments.add(java.util.List.copyOf(a.brokerIds())));
        }
        return topics.validateCreate(topic.name(), partitions, replicationFactor, configs, assignments, pending);
    }

    /** The full described config list of the new topic (v5+ responses; older versions do not carry it). */
    private java.util.List<CreatableTopicConfigs> configsOf(TopicMetadata topic) {
        java.util.List<CreatableTopicConfigs> list = new java.util.ArrayList<>();
        for (DescribedConfig config : describer.describeTopic(topic.configs())) {
            list.add(new CreatableTopicConfigs().setName(config.name()).setValue(config.value())
                    .setReadOnly(config.readOnly()).setConfigSource(config.source().id())
                    .setIsSensitive(config.sensitive()));
        }
        return list;
    }
}
