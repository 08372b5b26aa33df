package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;

/**
 * EndTxn: commits or aborts the producer's transaction. Answered once the decision is durable and normally once
 * every marker is written too (in a cluster, markers of other brokers' partitions are sent to them). The v5 fields (transaction version 2's epoch bump) echo the session
 * unchanged: we negotiate transaction version 1.
 */
public final class EndTxnHandler implements ApiHandler<EndTxnRequestData> {
    private final TransactionCoordinator coordinator;

    public EndTxnHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.END_TXN;
    }

    @Override
    public CompletionStage<EndTxnResponseData> handle(RequestContext context, EndTxnRequestData request) {
        return coordinator.submit(() -> coordinator.endTransaction(request.transactionalId(),
                request.producerId(), request.producerEpoch(), request.committed()))
                .thenApply(error -> new EndTxnResponseData().setErrorCode(error.code())
                        .setProducerId(request.producerId()).setProducerEpoch(request.producerEpoch()));
    }
}
