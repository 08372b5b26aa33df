package dev.voltstream.broker.metrics;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.protocol.KafkaRequest;

/**
 * Wraps the dispatcher and records, per request, its API latency and outcome, the produced and fetched bytes and
 * records, and group rebalances. Everything is read from the request and response bodies the broker has in hand, so
 * the handlers need no metrics code; the work added is a clock read and a few counter increments (Produce also walks
 * its in-memory batch headers to count records).
 */
public final class MeteredRequestProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(MeteredRequestProcessor.class);

    private final RequestProcessor delegate;
    private final BrokerMetrics metrics;
    private final RebalanceTracker rebalances;

    public MeteredRequestProcessor(RequestProcessor delegate, BrokerMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
        this.rebalances = new RebalanceTracker(metrics);
    }

    @Override
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        long start = System.nanoTime();
        ApiKeys api = request.context().apiKey();
        if (request.frame() != null) {
            metrics.requestReceived(request.frame().writerIndex() + Integer.BYTES);
        }
        return delegate.process(request).whenComplete((response, error) -> {
            metrics.requestCompleted(api, System.nanoTime() - start, error != null);
            if (error == null && response != null && request.body() != null) {
                try {
                    observe(api, request.body().data(), response);
                } catch (RuntimeException e) {
                    // counting must never turn a good response into an error response
                    LOG.warn("Cannot record metrics of {}: {}", api, e.toString());
                }
            }
        });
    }

    private void observe(ApiKeys api, ApiMessage requestData, ApiMessage response) {
        switch (api) {
            case PRODUCE -> countProduced((ProduceRequestData) requestData, (ProduceResponseData) response);
            case FETCH -> countFetched((FetchResponseData) response);
            case JOIN_GROUP -> {
                JoinGroupResponseData join = (JoinGroupResponseData) response;
                if (join.errorCode() == Errors.NONE.code()) {
                    rebalances.generation(((JoinGroupRequestData) requestData).groupId(), join.generationId());
                }
            }
            case CONSUMER_GROUP_HEARTBEAT -> {
                ConsumerGroupHeartbeatResponseData beat = (ConsumerGroupHeartbeatResponseData) response;
                if (beat.errorCode() == Errors.NONE.code()) {
                    rebalances.generation(((ConsumerGroupHeartbeatRequestData) requestData).groupId(),
                            beat.memberEpoch());
                }
            }
            default -> {
            }
        }
    }

    /** Counts the partitions the broker accepted (error NONE in the response). */
    private void countProduced(ProduceRequestData request, ProduceResponseData response) {
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                if (accepted(response, topic, partition.index())) {
                    metrics.produced(RecordCounts.bytes(partition.records()), RecordCounts.records(partition.records()));
                }
            }
        }
    }

    private static boolean accepted(ProduceResponseData response, ProduceRequestData.TopicProduceData topic,
                                    int partition) {
        for (ProduceResponseData.TopicProduceResponse t : response.responses()) {
            boolean sameTopic = topic.name().isEmpty() ? t.topicId().equals(topic.topicId()) : t.name().equals(topic.name());
            if (sameTopic) {
                for (ProduceResponseData.PartitionProduceResponse p : t.partitionResponses()) {
                    if (p.index() == partition) {
                        return p.errorCode() == Errors.NONE.code();
                    }
                }
            }
        }
        return false;
    }

    private void countFetched(FetchResponseData response) {
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (partition.errorCode() == Errors.NONE.code() && partition.records() != null) {
                    metrics.fetched(RecordCounts.bytes(partition.records()), RecordCounts.records(partition.records()));
                }
            }
        }
    }
}
