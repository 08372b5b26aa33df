package dev.voltstream.broker.handler;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.PartitionLookup;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * DeleteRecords: raises each partition's log start offset to the given offset (-1 = the high watermark) and answers
 * the new low watermark. An offset beyond the high watermark is OFFSET_OUT_OF_RANGE.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequestData> {
    /** Kafka's DeleteRecordsRequest.HIGH_WATERMARK. */
    private static final long HIGH_WATERMARK = -1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeleteRecordsHandler.class);

    private final ReplicaManager replicas;

    public DeleteRecordsHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_RECORDS;
    }

    @Override
    public CompletionStage<DeleteRecordsResponseData> handle(RequestContext context, DeleteRecordsRequestData request) {
        DeleteRecordsResponseData response = new DeleteRecordsResponseData();
        for (DeleteRecordsTopic topic : request.topics()) {
            DeleteRecordsTopicResult topicResult = new DeleteRecordsTopicResult().setName(topic.name());
            for (DeleteRecordsPartition p : topic.partitions()) {
                topicResult.partitions().add(delete(new TopicPartition(topic.name(), p.partitionIndex()), p.offset()));
            }
            response.topics().add(topicResult);
        }
        return CompletableFuture.completedFuture(response);
    }

    private DeleteRecordsPartitionResult delete(TopicPartition tp, long requestedOffset) {
        DeleteRecordsPartitionResult result = new DeleteRecordsPartitionResult().setPartitionIndex(tp.partition())
                .setLowWatermark(-1);
        PartitionLookup lookup = replicas.leaderPartition(tp, -1);
        if (!lookup.isFound()) {
            return result.setErrorCode(lookup.error().code());
        }
        Partition partition = lookup.partition();
        long highWatermark = partition.highWatermark();
        long offset = requestedOffset == HIGH_WATERMARK ? highWatermark : requestedOffset;
        if (offset < 0 || offset > highWatermark) {
            return result.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
        }
        try {
            return result.setLowWatermark(partition.deleteRecordsBefore(offset));
        } catch (ApiException e) {
            return result.setErrorCode(Errors.forException(e).code());
        } catch (IOException e) {
            LOG.error("Cannot delete records of {} before offset {}", tp, offset, e);
            return result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
        }
    }
}
