package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.group.CommittedOffset;
import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.group.GroupCoordinator.FetchedOffsets;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * OffsetFetch: one group (v1-7) or several (v8+, with the member's id and epoch for KIP-848 groups); null topics mean
 * every committed offset of the group. Partitions without a commit answer offset -1. v10 names topics by id.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequestData> {
    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;
    private final BiPredicate<String, TopicPartition> pendingTransactionalOffset;

    public OffsetFetchHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this(coordinator, topics, (group, tp) -> false);
    }

    /**
     * {@code pendingTransactionalOffset}: whether an open transaction holds an offset of the group for the
     * partition; a fetch with requireStable (read_committed consumers) then answers UNSTABLE_OFFSET_COMMIT for it,
     * which the consumer retries.
     */
    public OffsetFetchHandler(GroupCoordinator coordinator, TopicRegistry topics,
                              BiPredicate<String, TopicPartition> pendingTransactionalOffset) {
        this.coordinator = coordinator;
        this.topics = topics;
        this.pendingTransactionalOffset = pendingTransactionalOffset;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public CompletionStage<OffsetFetchResponseData> handle(RequestContext context, OffsetFetchRequestData request) {
        short version = context.apiVersion();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestGroup g : request.groups()) {
                response.groups().add(fetchGroup(g, version >= 10, request.requireStable()));
            }
            return CompletableFuture.completedFuture(response);
        }
        OffsetFetchRequestGroup single = new OffsetFetchRequestGroup().setGroupId(request.groupId())
                .setMemberEpoch(-1);
        if (request.topics() != null) {
            List<OffsetFetchRequestTopics> requested = new ArrayList<>();
            for (OffsetFetchRequestTopic t : request.topics()) {
                requested.add(new OffsetFetchRequestTopics().setName(t.name())
                        .setPartitionIndexes(t.partitionIndexes()));
            }
            single.setTopics(requested);
        } else {
            single.setTopics(null);
        }
        OffsetFetchResponseGroup group = fetchGroup(single, false, version >= 7 && request.requireStable());
        for (OffsetFetchResponseTopics t : group.topics()) {
            OffsetFetchResponseTopic topic = new OffsetFetchResponseTopic().setName(t.name());
            for (OffsetFetchResponsePartitions p : t.partitions()) {
                topic.partitions().add(new OffsetFetchResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setCommittedOffset(p.committedOffset())
                        .setCommittedLeaderEpoch(version >= 5 ? p.committedLeaderEpoch() : -1)
                        .setMetadata(p.metadata())
                        .setErrorCode(version < 2 && group.errorCode() != 0 ? group.errorCode() : p.errorCode()));
            }
            response.topics().add(topic);
        }
        if (version >= 2) {
            response.setErrorCode(group.errorCode());
        }
        return CompletableFuture.completedFuture(response);
    }

    private OffsetFetchResponseGroup fetchGroup(OffsetFetchRequestGroup g, boolean byId, boolean requireStable) {
        OffsetFetchResponseGroup result = new OffsetFetchResponseGroup().setGroupId(g.groupId());
        List<TopicPartition> wanted = null;
        // The answer's topics in request order; unknown topic ids are answered per partition.
        Map<String, OffsetFetchResponseTopics> byTopic = new TreeMap<>();
        List<OffsetFetchResponseTopics> unknown = new ArrayList<>();
        if (g.topics() != null) {
            wanted = new ArrayList<>();
            for (OffsetFetchRequestTopics t : g.topics()) {
                Optional<String> name = byId ? topics.byId(t.topicId()).map(TopicMetadata::name)
                        : Optional.of(t.name());
                if (name.isEmpty()) {
                    OffsetFetchResponseTopics missing = new OffsetFetchResponseTopics().setTopicId(t.topicId());
                    t.partitionIndexes().forEach(p -> missing.partitions().add(noOffset(p)
                            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code())));
                    unknown.add(missing);
                    continue;
                }
                OffsetFetchResponseTopics topic = byTopic.computeIfAbsent(name.get(), n -> topicAnswer(n, t.topicId(),
                        byId));
                for (int p : t.partitionIndexes()) {
                    wanted.add(new TopicPartition(name.get(), p));
                    topic.partitions().add(noOffset(p));
                }
            }
        }
        FetchedOffsets fetched = coordinator.fetchOffsets(g.groupId(), g.memberId(), g.memberEpoch(), wanted);
        if (fetched.error() != Errors.NONE) {
            return result.setErrorCode(fetched.error().code());
        }
        if (wanted == null) {
            for (Map.Entry<TopicPartition, CommittedOffset> e : fetched.offsets().entrySet()) {
                TopicPartition tp = e.getKey();
                Uuid id = topics.byName(tp.topic()).map(TopicMetadata::id).orElse(null);
                if (byId && id == null) {
                    continue;
                }
                byTopic.computeIfAbsent(tp.topic(), n -> topicAnswer(n, id, byId)).partitions()
                        .add(noOffset(tp.partition()));
            }
        }
        byTopic.forEach((name, topic) -> topic.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(name, p.partitionIndex());
            CommittedOffset c = fetched.offsets().get(tp);
            if (requireStable && pendingTransactionalOffset.test(g.groupId(), tp)) {
                p.setErrorCode(Errors.UNSTABLE_OFFSET_COMMIT.code());
            } else if (c != null) {
                p.setCommittedOffset(c.offset()).setCommittedLeaderEpoch(c.leaderEpoch()).setMetadata(c.metadata());
            }
        }));
        result.topics().addAll(byTopic.values());
        result.topics().addAll(unknown);
        return result;
    }

    private static OffsetFetchResponseTopics topicAnswer(String name, Uuid id, boolean byId) {
        return byId ? new OffsetFetchResponseTopics().setTopicId(id) : new OffsetFetchResponseTopics().setName(name);
    }

    private static OffsetFetchResponsePartitions noOffset(int partition) {
        return new OffsetFetchResponsePartitions().setPartitionIndex(partition).setCommittedOffset(-1)
                .setCommittedLeaderEpoch(-1).setMetadata("");
    }
}
