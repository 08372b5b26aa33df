package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.ReplicaManager;

/** Metadata: brokers, controller, and for each requested topic its id and partitions' leaders, epochs and ISR. */
public final class MetadataHandler implements ApiHandler<MetadataRequestData> {
    /**
     * A Metadata request auto-creates at most this many topics; the others get LEADER_NOT_AVAILABLE, the retriable
     * answer Kafka gives while it creates a topic, and are created by the client's next request.
     */
    static final int MAX_AUTO_CREATIONS_PER_REQUEST = 50;

    private static final int UNKNOWN_OPERATIONS = Integer.MIN_VALUE;

    private final ClusterView cluster;
    private final TopicService topics;
    private final PartitionDescriber describer;

    private final java.util.concurrent.Executor adminLane;

    public MetadataHandler(ClusterView cluster, TopicService topics, ReplicaManager replicas) {
        this(cluster, topics, replicas, Runnable::run);
    }

    /**
     * {@code adminLane}: where a request that auto-creates topics runs (creating logs is slow; the lane keeps it off
     * all but one request thread, like CreateTopics).
     */
    public MetadataHandler(ClusterView cluster, TopicService topics, ReplicaManager replicas,
                           java.util.concurrent.Executor adminLane) {
        this.adminLane = adminLane;
        this.cluster = cluster;
        this.topics = topics;
        this.describer = new PartitionDescriber(cluster, replicas);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletionStage<MetadataResponseData> handle(RequestContext context, MetadataRequestData request) {
        boolean autoCreate = context.apiVersion() < 4 || request.allowAutoTopicCreation();
        if (autoCreate && request.topics() != null && request.topics().stream()
                .anyMatch(t -> t.name() != null && topics.registry().byName(t.name()).isEmpty())) {
            return CompletableFuture.supplyAsync(() -> answer(context, request), adminLane);
        }
        return CompletableFuture.completedFuture(answer(context, request));
    }

    private MetadataResponseData answer(RequestContext context, MetadataRequestData request) {
        MetadataResponseData response = new MetadataResponseData()
                .setClusterId(cluster.clusterId())
                .setControllerId(cluster.controllerId())
                .setClusterAuthorizedOperations(UNKNOWN_OPERATIONS);
        for (BrokerNode node : cluster.brokers(context.listenerName())) {
            response.brokers().add(new MetadataResponseBroker().setNodeId(node.id()).setHost(node.host())
                    .setPort(node.port()).setRack(node.rack()));
        }
        // Kafka answers LISTENER_NOT_FOUND for a leader without the client's listener from v6 on.
        Function<TopicMetadata, MetadataResponseTopic> describer = topic -> describe(topic, context.listenerName(), context.apiVersion() >= 6);
        if (request.topics() == null) {
            for (TopicMetadata topic : topics.registry().all()) {
                response.topics().add(describer.apply(topic));
            }
        } else {
            boolean autoCreate = context.apiVersion() < 4 || request.allowAutoTopicCreation();
            int[] creations = {0};
            for (MetadataRequestData.MetadataRequestTopic requested : request.topics()) {
                response.topics().add(describeRequested(requested, autoCreate, creations, describer));
            }
        }
        return response;
    }

    private MetadataResponseTopic describeRequested(MetadataRequestData.MetadataRequestTopic requested,
                                                    boolean autoCreate, int[] creations,
                                                    Function<TopicMetadata, MetadataResponseTopic> describer) {
        if (requested.name() == null) {
            Uuid id = requested.topicId();
            return topics.registry().byId(id).map(describer).orElseGet(() ->
                    error(null, id, Errors.UNKNOWN_TOPIC_ID));
        }
        String name = requested.name();
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            return error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
        }
        Optional<TopicMetadata> topic = topics.registry().byName(name);
        if (topic.isEmpty() && autoCreate) {
            if (++creations[0] > MAX_AUTO_CREATIONS_PER_REQUEST) {
                // bounded work per request: the client retries (as it does while Kafka creates a topic)
                return error(name, Uuid.ZERO_UUID, Errors.LEADER_NOT_AVAILABLE);
            }
            try {
                topic = topics.autoCreate(name);
            } catch (org.apache.kafka.common.errors.ApiException e) {
                // e.g. max.partitions reached: the client learns why, the other topics are still answered
                return error(name, Uuid.ZERO_UUID, Errors.forException(e));
            }
        }
        return topic.map(describer).orElseGet(() -> error(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
    }

    private MetadataResponseTopic describe(TopicMetadata topic, String listenerName,
                                           boolean errorUnavailableListeners) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitions());
        for (int p = 0; p < topic.partitions(); p++) {
            PartitionDescriber.Description d = describer.describe(new TopicPartition(topic.name(), p), listenerName,
                    errorUnavailableListeners);
            partitions.add(new MetadataResponsePartition().setPartitionIndex(d.index())
                    .setErrorCode(d.error().code())
                    .setLeaderId(d.leader())
                    .setLeaderEpoch(d.leaderEpoch())
                    .setReplicaNodes(d.replicas())
                    .setIsrNodes(d.isr())
                    .setOfflineReplicas(d.offline()));
        }
        return new MetadataResponseTopic()
                .setName(topic.name())
                .setTopicId(topic.id())
                .setIsInternal(topic.internal())
                .setPartitions(partitions)
                .setTopicAuthorizedOperations(UNKNOWN_OPERATIONS);
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code())
                .setTopicAuthorizedOperations(UNKNOWN_OPERATIONS);
    }

}
