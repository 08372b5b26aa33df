package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;

import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * InitProducerId for idempotent producers: a fresh producer id at epoch 0, or (KIP-360) the same id with the epoch
 * bumped when the producer asks to reset its sequence numbers. Transactional ids are refused: this broker has no
 * transaction coordinator.
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    private final ProducerIdAllocator allocator;

    public InitProducerIdHandler(ProducerIdAllocator allocator) {
        this.allocator = allocator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public CompletionStage<InitProducerIdResponseData> handle(RequestContext context,
                                                              InitProducerIdRequestData request) {
        InitProducerIdResponseData response = new InitProducerIdResponseData().setProducerId(-1).setProducerEpoch((short) -1);
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        long producerId = request.producerId();
        short epoch = request.producerEpoch();
        if (producerId != RecordBatch.NO_PRODUCER_ID && epoch != RecordBatch.NO_PRODUCER_EPOCH
                && epoch < Short.MAX_VALUE - 1) {
            response.setProducerId(producerId).setProducerEpoch((short) (epoch + 1));
        } else {
            response.setProducerId(allocator.nextProducerId()).setProducerEpoch((short) 0);
        }
        return CompletableFuture.completedFuture(response);
    }
}
