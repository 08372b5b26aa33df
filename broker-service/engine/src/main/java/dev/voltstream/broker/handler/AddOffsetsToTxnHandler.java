package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;

/** AddOffsetsToTxn: the producer's transaction will also commit offsets of a consumer group (TxnOffsetCommit). */
public final class AddOffsetsToTxnHandler implements ApiHandler<AddOffsetsToTxnRequestData> {
    private final TransactionCoordinator coordinator;

    public AddOffsetsToTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_OFFSETS_TO_TXN;
    }

    @Override
    public CompletionStage<AddOffsetsToTxnResponseData> handle(RequestContext context,
                                                               AddOffsetsToTxnRequestData request) {
        if (request.groupId() == null || request.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponseData()
                    .setErrorCode(Errors.INVALID_GROUP_ID.code()));
        }
        return coordinator.submit(() -> coordinator.addOffsets(request.transactionalId(), request.producerId(),
                request.producerEpoch(), request.groupId()))
                .thenApply(error -> new AddOffsetsToTxnResponseData().setErrorCode(error.code()));
    }
}
