package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.PartitionLookup;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * OffsetForLeaderEpoch (KIP-101/320): for each partition, the largest epoch not above the requested one and the offset
 * where it ended, from the log's leader-epoch cache. Consumers use it to detect log truncation after a leader change.
 */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetForLeaderEpochRequestData> {
    private final ReplicaManager replicas;

    public OffsetForLeaderEpochHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public CompletionStage<OffsetForLeaderEpochResponseData> handle(RequestContext context,
                                                                    OffsetForLeaderEpochRequestData request) {
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderTopic topic : request.topics()) {
            OffsetForLeaderTopicResult topicResult = new OffsetForLeaderTopicResult().setTopic(topic.topic());
            for (OffsetForLeaderPartition p : topic.partitions()) {
                topicResult.partitions().add(endOffset(new TopicPartition(topic.topic(), p.partition()), p));
            }
            response.topics().add(topicResult);
        }
        return CompletableFuture.completedFuture(response);
    }

    private EpochEndOffset endOffset(TopicPartition tp, OffsetForLeaderPartition request) {
        EpochEndOffset result = new EpochEndOffset().setPartition(tp.partition()).setLeaderEpoch(-1).setEndOffset(-1);
        PartitionLookup partition = replicas.leaderPartition(tp, request.currentLeaderEpoch());
        if (!partition.isFound()) {
            return result.setErrorCode(partition.error().code());
        }
        dev.voltstream.broker.storage.EpochEndOffset found = partition.partition()
                .endOffsetForEpoch(request.leaderEpoch());
        return result.setLeaderEpoch(found.leaderEpoch()).setEndOffset(found.endOffset());
    }
}
