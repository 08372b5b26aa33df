package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersRequestData.TopicRequest;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.PartitionLookup;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.ProducerInfo;

/** DescribeProducers: the idempotent producers each partition's log knows (id, epoch, last sequence, timestamp). */
public final class DescribeProducersHandler implements ApiHandler<DescribeProducersRequestData> {
    private final ReplicaManager replicas;

    public DescribeProducersHandler(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    @Override
    public CompletionStage<DescribeProducersResponseData> handle(RequestContext context,
                                                                 DescribeProducersRequestData request) {
        DescribeProducersResponseData response = new DescribeProducersResponseData();
        for (TopicRequest topic : request.topics()) {
            TopicResponse topicResponse = new TopicResponse().setName(topic.name());
            for (int index : topic.partitionIndexes()) {
                topicResponse.partitions().add(describe(new TopicPartition(topic.name(), index)));
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    private PartitionResponse describe(TopicPartition tp) {
        PartitionResponse result = new PartitionResponse().setPartitionIndex(tp.partition());
        PartitionLookup partition = replicas.leaderPartition(tp, -1);
        if (!partition.isFound()) {
            return result.setErrorCode(partition.error().code());
        }
        for (ProducerInfo producer : partition.partition().activeProducers()) {
            result.activeProducers().add(new ProducerState().setProducerId(producer.producerId())
                    .setProducerEpoch(producer.producerEpoch()).setLastSequence(producer.lastSequence())
                    .setLastTimestamp(producer.lastTimestamp()).setCoordinatorEpoch(producer.coordinatorEpoch())
                    .setCurrentTxnStartOffset(producer.currentTxnStartOffset()));
        }
        return result;
    }
}
