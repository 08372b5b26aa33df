package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionMarkers;

/**
 * WriteTxnMarkers: writes commit or abort markers to partitions this broker leads. Kafka's coordinators send it to
 * partition leaders; {@code kafka-transactions.sh abort} sends it to close a hanging transaction. Markers for the
 * internal offsets topic are refused: on a single node transactional offsets are held by the coordinator instead.
 */
public final class WriteTxnMarkersHandler implements ApiHandler<WriteTxnMarkersRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(WriteTxnMarkersHandler.class);

    private final TransactionMarkers markers;

    public WriteTxnMarkersHandler(TransactionMarkers markers) {
        this.markers = markers;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.WRITE_TXN_MARKERS;
    }

    @Override
    public CompletionStage<WriteTxnMarkersResponseData> handle(RequestContext context,
                                                               WriteTxnMarkersRequestData request) {
        WriteTxnMarkersResponseData response = new WriteTxnMarkersResponseData();
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (WritableTxnMarker marker : request.markers()) {
            WritableTxnMarkerResult result = new WritableTxnMarkerResult().setProducerId(marker.producerId());
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                WritableTxnMarkerTopicResult topicResult = new WritableTxnMarkerTopicResult().setName(topic.name());
                for (int p : topic.partitionIndexes()) {
                    WritableTxnMarkerPartitionResult partition = new WritableTxnMarkerPartitionResult()
                            .setPartitionIndex(p);
                    topicResult.partitions().add(partition);
                    CompletableFuture<Errors> error = topic.name().startsWith("__")
                            ? CompletableFuture.completedFuture(Errors.INVALID_TOPIC_EXCEPTION)
                            : markers.writeReplicated(new TopicPartition(topic.name(), p), marker.producerId(),
                                    marker.producerEpoch(), marker.coordinatorEpoch(), marker.transactionResult());
                    written.add(error.thenAccept(e -> partition.setErrorCode(e.code())));
                }
                result.topics().add(topicResult);
            }
            response.markers().add(result);
        }
        if (!context.clientId().startsWith("voltstream-")) {
            LOG.info("WriteTxnMarkers from '{}': {} marker(s) handled", context.clientId(), request.markers().size());
        }
        return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).thenApply(v -> response);
    }
}
