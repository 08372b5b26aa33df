package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;

/**
 * InitProducerId. Idempotent producers get a fresh producer id at epoch 0, or (KIP-360) the same id with the epoch
 * bumped when the producer asks to reset its sequence numbers. Transactional producers get their session from the
 * transaction coordinator (NOT_COORDINATOR from a broker that does not coordinate the id).
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(InitProducerIdHandler.class);

    private final ProducerIdAllocator allocator;
    private final TransactionCoordinator transactions;

    public InitProducerIdHandler(ProducerIdAllocator allocator) {
        this(allocator, null);
    }

    /** {@code transactions}: null when this broker has no transaction coordinator. */
    public InitProducerIdHandler(ProducerIdAllocator allocator, TransactionCoordinator transactions) {
        this.allocator = allocator;
        this.transactions = transactions;
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
            if (transactions == null || request.transactionalId().isEmpty()) {
                LOG.info("InitProducerId from '{}' for transactional id '{}' refused: {}", context.clientId(),
                        request.transactionalId(), transactions == null
                                ? "no transaction coordinator" : "empty transactional id");
                return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code()));
            }
            return transactions.submit(() -> transactions.initProducerId(request.transactionalId(),
                    request.transactionTimeoutMs(), request.producerId(), request.producerEpoch()))
                    .thenApply(result -> response.setErrorCode(result.error().code())
                            .setProducerId(result.producerId()).setProducerEpoch(result.producerEpoch()));
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
