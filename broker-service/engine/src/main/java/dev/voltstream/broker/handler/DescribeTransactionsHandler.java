package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TopicData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMetadata;

/** DescribeTransactions: state, producer session, timeout and partitions of each transactional id asked for. */
public final class DescribeTransactionsHandler implements ApiHandler<DescribeTransactionsRequestData> {
    private final TransactionCoordinator coordinator;

    public DescribeTransactionsHandler(TransactionCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TRANSACTIONS;
    }

    @Override
    public CompletionStage<DescribeTransactionsResponseData> handle(RequestContext context,
                                                                    DescribeTransactionsRequestData request) {
        DescribeTransactionsResponseData response = new DescribeTransactionsResponseData();
        for (String id : request.transactionalIds()) {
            TransactionState state = new TransactionState().setTransactionalId(id).setTransactionState("")
                    .setProducerId(-1).setProducerEpoch((short) -1).setTransactionStartTimeMs(-1);
            Errors here = coordinator.coordinates(id);
            Optional<TransactionMetadata> found = coordinator.describe(id);
            if (here != Errors.NONE) {
                state.setErrorCode(here.code());
            } else if (found.isEmpty()) {
                state.setErrorCode(Errors.TRANSACTIONAL_ID_NOT_FOUND.code());
            } else {
                TransactionMetadata m = found.get();
                state.setTransactionState(m.state().kafkaName()).setProducerId(m.producerId())
                        .setProducerEpoch(m.producerEpoch()).setTransactionTimeoutMs(m.timeoutMs())
                        .setTransactionStartTimeMs(m.txnStartTimestamp());
                Map<String, List<Integer>> byTopic = new TreeMap<>();
                for (TopicPartition tp : m.partitions()) {
                    byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
                }
                byTopic.forEach((topic, partitions) -> state.topics().add(new TopicData().setTopic(topic)
                        .setPartitions(partitions)));
            }
            response.transactionStates().add(state);
        }
        return CompletableFuture.completedFuture(response);
    }
}
