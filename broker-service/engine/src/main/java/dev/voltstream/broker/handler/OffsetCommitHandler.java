package dev.voltstream.broker.handler;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.group.CommittedOffset;
import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * OffsetCommit: checks each partition (existing topic, metadata size), then lets the coordinator validate the
 * committer and store the rest durably. v10 names topics by id.
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequestData> {
    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;

    public OffsetCommitHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public CompletionStage<OffsetCommitResponseData> handle(RequestContext context, OffsetCommitRequestData request) {
        short version = context.apiVersion();
        boolean byId = version >= 10;
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        Map<TopicPartition, CommittedOffset> valid = new HashMap<>();
        Map<TopicPartition, OffsetCommitResponsePartition> pending = new HashMap<>();
        int maxMetadata = coordinator.config().offsetMetadataMaxBytes();
        for (OffsetCommitRequestTopic topic : request.topics()) {
            Optional<TopicMetadata> meta = byId ? topics.byId(topic.topicId()) : topics.byName(topic.name());
            OffsetCommitResponseTopic topicResponse = byId ? new OffsetCommitResponseTopic().setTopicId(topic.topicId())
                    : new OffsetCommitResponseTopic().setName(topic.name());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                OffsetCommitResponsePartition result = new OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(result);
                if (meta.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= meta.get().partitions()) {
                    result.setErrorCode((byId && meta.isEmpty() ? Errors.UNKNOWN_TOPIC_ID
                            : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
                } else if (p.committedMetadata() != null && p.committedMetadata().length() > maxMetadata) {
                    result.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                } else {
                    TopicPartition tp = new TopicPartition(meta.get().name(), p.partitionIndex());
                    valid.put(tp, new CommittedOffset(p.committedOffset(), p.committedLeaderEpoch(),
                            p.committedMetadata() == null ? "" : p.committedMetadata(), -1, -1));
                    pending.put(tp, result);
                }
            }
            response.topics().add(topicResponse);
        }
        if (!valid.isEmpty() || request.topics().isEmpty()) {
            long retention = version <= 4 ? request.retentionTimeMs() : -1;
            // Answered once the commit is replicated (or failed), as Kafka's offsets.commit.required.acks=-1.
            return coordinator.commitOffsets(request.groupId(), request.memberId(), request.groupInstanceId(),
                    request.generationIdOrMemberEpoch(), version, retention, valid).thenApply(error -> {
                        pending.values().forEach(r -> r.setErrorCode(error.code()));
                        return response;
                    });
        }
        return CompletableFuture.completedFuture(response);
    }
}
