package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMetadata;

/**
 * EndTxn: commits or aborts the producer's transaction. Answered once the decision is durable and normally once
 * every marker is written too (in a cluster, markers of other brokers' partitions are sent to them). v5 is
 * transaction version 2 (KIP-890 part 2): the epoch is bumped by every EndTxn and the answer carries the producer id
 * and epoch the client continues with.
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
        short tv = context.apiVersion() > 4 ? TransactionMetadata.TV_2 : TransactionMetadata.TV_1;
        return coordinator.submit(() -> coordinator.endTransaction(request.transactionalId(),
                request.producerId(), request.producerEpoch(), request.committed(), tv))
                .thenApply(result -> new EndTxnResponseData().setErrorCode(result.error().code())
                        .setProducerId(result.producerId()).setProducerEpoch(result.producerEpoch()));
    }
}
