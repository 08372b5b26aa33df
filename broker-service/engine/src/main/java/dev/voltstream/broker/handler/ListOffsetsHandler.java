package dev.voltstream.broker.handler;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.PartitionLookup;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.TimestampAndOffset;

/** ListOffsets: earliest, latest (the high watermark), max-timestamp, and the first offset at or after a time. */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequestData> {
    /** ListOffsets v4 added the leader epoch; older versions must not carry one. */
    private static final short FIRST_LEADER_EPOCH_VERSION = 4;

    /** ListOffsets' isolation level 1 (v2+): the latest offset is the last stable offset. */
    private static final byte READ_COMMITTED = 1;

    private final ReplicaManager replicas;

    public ListOffsetsHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public CompletionStage<ListOffsetsResponseData> handle(RequestContext context, ListOffsetsRequestData request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsTopic topic : request.topics()) {
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsPartition requested : topic.partitions()) {
                ListOffsetsPartitionResponse answer = answer(
                        new TopicPartition(topic.name(), requested.partitionIndex()), requested,
                        request.isolationLevel() == READ_COMMITTED);
                if (context.apiVersion() < FIRST_LEADER_EPOCH_VERSION) {
                    answer.setLeaderEpoch(-1);
                }
                topicResponse.partitions().add(answer);
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private ListOffsetsPartitionResponse answer(TopicPartition tp, ListOffsetsPartition requested,
                                                boolean readCommitted) {
        ListOffsetsPartitionResponse result = new ListOffsetsPartitionResponse()
                .setPartitionIndex(tp.partition()).setTimestamp(-1).setOffset(-1).setLeaderEpoch(-1);
        PartitionLookup lookup = replicas.leaderPartition(tp, requested.currentLeaderEpoch());
        if (!lookup.isFound()) {
            return result.setErrorCode(lookup.error().code());
        }
        Partition partition = lookup.partition();
        try {
            // read_committed sees only up to the last stable offset (KIP-98), read_uncommitted up to the high watermark.
            long visibleEnd = readCommitted ? partition.lastStableOffset() : partition.highWatermark();
            Optional<TimestampAndOffset> found = lookup(partition, requested.timestamp(), visibleEnd);
            found.filter(t -> t.offset() < visibleEnd || t.timestamp() == -1)
                    .ifPresent(t -> result.setTimestamp(t.timestamp()).setOffset(t.offset())
                            .setLeaderEpoch(t.leaderEpoch() >= 0 ? t.leaderEpoch() : partition.leaderEpoch()));
            return result;
        } catch (ApiException e) {
            return result.setErrorCode(Errors.forException(e).code());
        } catch (IOException e) {
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }

    private static Optional<TimestampAndOffset> lookup(Partition partition, long timestamp, long visibleEnd)
            throws IOException {
        int epoch = partition.leaderEpoch();
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(-1, partition.logStartOffset(), epoch));
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP
                || timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP) {
            return Optional.of(new TimestampAndOffset(-1, visibleEnd, epoch));
        }
        if (timestamp == ListOffsetsRequest.MAX_TIMESTAMP) {
            return partition.maxTimestampAndOffset();
        }
        return partition.offsetForTimestamp(timestamp);
    }
}
