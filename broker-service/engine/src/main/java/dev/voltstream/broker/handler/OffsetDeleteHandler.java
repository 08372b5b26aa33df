package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;

/** OffsetDelete: drops a group's offsets for partitions of topics it is not subscribed to. */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequestData> {
    private final GroupCoordinator coordinator;
    private final TopicRegistry topics;

    public OffsetDeleteHandler(GroupCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public CompletionStage<OffsetDeleteResponseData> handle(RequestContext context, OffsetDeleteRequestData request) {
        List<TopicPartition> known = new ArrayList<>();
        for (OffsetDeleteRequestTopic t : request.topics()) {
            int count = topics.byName(t.name()).map(m -> m.partitions()).orElse(-1);
            for (OffsetDeleteRequestPartition p : t.partitions()) {
                if (p.partitionIndex() >= 0 && p.partitionIndex() < count) {
                    known.add(new TopicPartition(t.name(), p.partitionIndex()));
                }
            }
        }
        GroupCoordinator.DeletedOffsets deleted = coordinator.deleteOffsets(request.groupId(), known);
        return deleted.written().thenApply(error -> error != Errors.NONE
                ? new OffsetDeleteResponseData().setErrorCode(error.code())
                : answer(request, deleted.partitions()));
    }

    private static OffsetDeleteResponseData answer(OffsetDeleteRequestData request,
                                                   Map<TopicPartition, Errors> results) {
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        for (OffsetDeleteRequestTopic t : request.topics()) {
            OffsetDeleteResponseTopic topic = new OffsetDeleteResponseTopic().setName(t.name());
            for (OffsetDeleteRequestPartition p : t.partitions()) {
                Errors error = results.getOrDefault(new TopicPartition(t.name(), p.partitionIndex()),
                        Errors.UNKNOWN_TOPIC_OR_PARTITION);
                topic.partitions().add(new OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            response.topics().add(topic);
        }
        return response;
    }
}
