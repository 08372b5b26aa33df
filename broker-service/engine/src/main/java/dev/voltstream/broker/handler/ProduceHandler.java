package dev.voltstream.broker.handler;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.network.CloseConnectionException;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogAppendResult;

/**
 * Produce: appends each partition's batches (validated, stored as sent) and answers with the base offsets.
 * acks=0 gets no answer, and a connection close when something failed (as Kafka does, so the producer refreshes).
 */
public final class ProduceHandler implements ApiHandler<ProduceRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final TopicRegistry topics;
    private final ReplicaManager replicas;

    public ProduceHandler(TopicRegistry topics, ReplicaManager replicas) {
        this.topics = topics;
        this.replicas = replicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public CompletionStage<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        ProduceResponseData response = new ProduceResponseData();
        boolean failed = false;
        for (TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name())
                    .setTopicId(topic.topicId());
            Optional<TopicMetadata> metadata = topics.resolve(topic.name(), topic.topicId());
            for (PartitionProduceData data : topic.partitionData()) {
                PartitionProduceResponse result = new PartitionProduceResponse().setIndex(data.index())
                        .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                if (acks != 0 && acks != 1 && acks != -1) {
                    result.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code());
                } else {
                    append(context, topic, metadata, data, result);
                }
                failed |= result.errorCode() != Errors.NONE.code();
                topicResponse.partitionResponses().add(result);
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            if (failed) {
                throw new CloseConnectionException("acks=0 produce failed for at least one partition");
            }
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.completedFuture(response);
    }

    private void append(RequestContext context, TopicProduceData topic, Optional<TopicMetadata> metadata,
                        PartitionProduceData data, PartitionProduceResponse result) {
        if (metadata.isEmpty()) {
            boolean byId = topic.topicId() != null && !Uuid.ZERO_UUID.equals(topic.topicId());
            result.setErrorCode((byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
            return;
        }
        TopicMetadata meta = metadata.get();
        if (meta.internal()) {
            result.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code())
                    .setErrorMessage("Cannot append to internal topic " + meta.name());
            return;
        }
        Optional<Partition> partition = replicas.partition(new TopicPartition(meta.name(), data.index()));
        if (partition.isEmpty()) {
            result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            return;
        }
        try {
            if (!(data.records() instanceof MemoryRecords records)) {
                result.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("Produce request has no records");
                return;
            }
            ProduceRequest.validateRecords(context.apiVersion(), records);
            LogAppendResult appended = partition.get().appendAsLeader(records);
            result.setBaseOffset(appended.firstOffset())
                    .setLogAppendTimeMs(appended.logAppendTime())
                    .setLogStartOffset(appended.logStartOffset());
        } catch (ApiException e) {
            result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            LOG.debug("Produce to {}-{} from '{}' rejected: {}", meta.name(), data.index(), context.clientId(),
                    e.toString());
        } catch (IOException e) {
            LOG.error("Cannot append to {}-{}", meta.name(), data.index(), e);
            result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        }
    }
}
