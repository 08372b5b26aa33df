package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData.Cursor;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * DescribeTopicPartitions (KIP-966, Kafka 4's {@code kafka-topics.sh --describe} path): the requested topics (all when
 * none are named) in name order, their partitions paged by {@code responsePartitionLimit} (at most
 * {@code max.request.partition.size.limit}) from the request's cursor, with the cursor of the next page when the limit
 * cut the answer short. As Kafka: a cursor naming a topic outside the requested list is an invalid request, unknown
 * topics answer {@code UNKNOWN_TOPIC_OR_PARTITION}. Eligible leader replicas (ELR) are not kept, so those lists are
 * empty.
 */
public final class DescribeTopicPartitionsHandler implements ApiHandler<DescribeTopicPartitionsRequestData> {
    private static final int UNKNOWN_OPERATIONS = Integer.MIN_VALUE;

    private final TopicRegistry topics;
    private final PartitionDescriber describer;
    private final int maxPartitions;

    public DescribeTopicPartitionsHandler(TopicRegistry topics, ClusterView cluster, ReplicaManager replicas,
                                          int maxPartitions) {
        this.topics = topics;
        this.describer = new PartitionDescriber(cluster, replicas);
        this.maxPartitions = maxPartitions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public CompletionStage<DescribeTopicPartitionsResponseData> handle(RequestContext context,
                                                                      DescribeTopicPartitionsRequestData request) {
        boolean all = request.topics().isEmpty();
        TreeSet<String> names = new TreeSet<>();
        if (all) {
            topics.all().forEach(t -> names.add(t.name()));
        } else {
            request.topics().forEach(t -> names.add(t.name()));
        }
        Cursor cursor = request.cursor();
        if (cursor != null && !all && !names.contains(cursor.topicName())) {
            throw new InvalidRequestException("The cursor topic " + cursor.topicName()
                    + " is not in the requested topics.");
        }
        int budget = Math.max(1, Math.min(request.responsePartitionLimit(), maxPartitions));
        DescribeTopicPartitionsResponseData response = new DescribeTopicPartitionsResponseData();
        for (String name : cursor == null ? names : names.tailSet(cursor.topicName(), true)) {
            int first = cursor != null && name.equals(cursor.topicName()) ? Math.max(0, cursor.partitionIndex()) : 0;
            if (budget == 0) {
                response.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name)
                        .setPartitionIndex(first));
                break;
            }
            TopicMetadata topic = topics.byName(name).orElse(null);
            if (topic == null) {
                response.topics().add(unknown(name));
                continue;
            }
            int end = Math.min(topic.partitions(), first + budget);
            response.topics().add(describe(topic, first, end, context.listenerName()));
            budget -= end - first;
            if (end < topic.partitions()) {
                response.setNextCursor(new DescribeTopicPartitionsResponseData.Cursor().setTopicName(name)
                        .setPartitionIndex(end));
                break;
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * A leader without the client's listener is no leader here (-1), reported as {@code LEADER_NOT_AVAILABLE} like a
     * partition without one (Kafka answers -1 with no partition error in DescribeTopicPartitions).
     */
    private DescribeTopicPartitionsResponseTopic describe(TopicMetadata topic, int first, int end,
                                                          String listenerName) {
        List<DescribeTopicPartitionsResponsePartition> partitions = new ArrayList<>(end - first);
        for (int p = first; p < end; p++) {
            PartitionDescriber.Description d = describer.describe(new TopicPartition(topic.name(), p), listenerName,
                    false);
            partitions.add(new DescribeTopicPartitionsResponsePartition().setPartitionIndex(d.index())
                    .setErrorCode(d.error().code())
                    .setLeaderId(d.leader())
                    .setLeaderEpoch(d.leaderEpoch())
                    .setReplicaNodes(d.replicas())
                    .setIsrNodes(d.isr())
                    .setOfflineReplicas(d.offline())
                    .setEligibleLeaderReplicas(new ArrayList<>())
                    .setLastKnownElr(new ArrayList<>()));
        }
        return new DescribeTopicPartitionsResponseTopic().setName(topic.name()).setTopicId(topic.id())
                .setIsInternal(topic.internal()).setPartitions(partitions)
                .setTopicAuthorizedOperations(UNKNOWN_OPERATIONS);
    }

    private static DescribeTopicPartitionsResponseTopic unknown(String name) {
        return new DescribeTopicPartitionsResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID)
                .setIsInternal(Topic.isInternal(name))
                .setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                .setTopicAuthorizedOperations(UNKNOWN_OPERATIONS);
    }
}
