package dev.voltstream.broker.handler;

import java.util.HashSet;
import java.util.LinkedHashMap;
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
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/** CreateTopics: Kafka's name, partition, replication-factor and config checks; validate-only honoured. */
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
                TopicMetadata created = create(topic, request.validateOnly());
                result.setTopicId(created.id())
                        .setNumPartitions(created.partitions())
                        .setReplicationFactor((short) 1)
                        .setConfigs(configsOf(created));
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            response.topics().add(result);
        }
        return CompletableFuture.completedFuture(response);
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

    private TopicMetadata create(CreatableTopic topic, boolean validateOnly) {
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
        return topics.create(topic.name(), partitions, replicationFactor, configs, assignments, validateOnly);
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
