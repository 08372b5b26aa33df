package dev.voltstream.broker.testkit;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/** Builders for the raw requests tests send with {@link RawKafkaClient}. */
public final class Requests {
    private Requests() {
    }

    public static CreateTopicsRequestData createTopic(String name, int partitions, Map<String, String> configs) {
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic().setName(name)
                .setNumPartitions(partitions).setReplicationFactor((short) 1);
        configs.forEach((k, v) -> topic.configs().add(
                new CreateTopicsRequestData.CreatableTopicConfig().setName(k).setValue(v)));
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(10_000);
        request.topics().add(topic);
        return request;
    }

    public static ProduceRequestData produce(String topic, int partition, MemoryRecords records) {
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        request.topicData().add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records))));
        return request;
    }

    /** The error of the only partition in a produce response. */
    public static Errors errorOf(ProduceResponseData response) {
        return Errors.forCode(response.responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    public static long baseOffsetOf(ProduceResponseData response) {
        return response.responses().iterator().next().partitionResponses().get(0).baseOffset();
    }
}
