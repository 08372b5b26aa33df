package dev.voltstream.broker.handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMetadata;

/**
 * AddPartitionsToTxn: up to v3 one producer adds partitions to its transaction; from v4 (sent by partition leaders
 * only) a request carries several transactions, each either only checked ({@code verifyOnly}, KIP-890's verification
 * form, which changes nothing) or added (the implicit add of a transactional Produce v12, transaction version 2).
 * TRANSACTION_ABORTABLE (a batch outside its producer's transaction) is known from v5; v4 gets INVALID_TXN_STATE.
 * Partitions of unknown topics fail the whole transaction's request: they answer
 * UNKNOWN_TOPIC_OR_PARTITION and the others OPERATION_NOT_ATTEMPTED, as Kafka does.
 */
public final class AddPartitionsToTxnHandler implements ApiHandler<AddPartitionsToTxnRequestData> {
    private final TransactionCoordinator coordinator;
    private final TopicRegistry topics;

    public AddPartitionsToTxnHandler(TransactionCoordinator coordinator, TopicRegistry topics) {
        this.coordinator = coordinator;
        this.topics = topics;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_PARTITIONS_TO_TXN;
    }

    @Override
    public CompletionStage<AddPartitionsToTxnResponseData> handle(RequestContext context,
                                                                  AddPartitionsToTxnRequestData request) {
        boolean verifyOnly = context.apiVersion() > 3 && request.transactions().stream()
                .allMatch(AddPartitionsToTxnTransaction::verifyOnly);
        // Verification (from other brokers' Produce) only reads and must never wait behind a coordinator write.
        return verifyOnly ? CompletableFuture.completedFuture(answer(context, request))
                : coordinator.submit(() -> answer(context, request));
    }

    private AddPartitionsToTxnResponseData answer(RequestContext context, AddPartitionsToTxnRequestData request) {
        AddPartitionsToTxnResponseData response = new AddPartitionsToTxnResponseData();
        if (context.apiVersion() <= 3) {
            response.setResultsByTopicV3AndBelow(handle(request.v3AndBelowTransactionalId(),
                    request.v3AndBelowProducerId(), request.v3AndBelowProducerEpoch(), request.v3AndBelowTopics(),
                    false, context.apiVersion()));
        } else {
            for (AddPartitionsToTxnTransaction txn : request.transactions()) {
                response.resultsByTransaction().add(new AddPartitionsToTxnResult()
                        .setTransactionalId(txn.transactionalId())
                        .setTopicResults(handle(txn.transactionalId(), txn.producerId(), txn.producerEpoch(),
                                txn.topics(), txn.verifyOnly(), context.apiVersion())));
            }
        }
        return response;
    }

    private AddPartitionsToTxnTopicResultCollection handle(String transactionalId, long producerId, short epoch,
                                                           AddPartitionsToTxnTopicCollection requested,
                                                           boolean verifyOnly, short version) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        boolean unknown = false;
        for (AddPartitionsToTxnTopic topic : requested) {
            Optional<TopicMetadata> meta = topics.byName(topic.name());
            for (int p : topic.partitions()) {
                boolean exists = meta.isPresent() && p >= 0 && p < meta.get().partitions();
                results.put(new TopicPartition(topic.name(), p), exists ? Errors.NONE
                        : Errors.UNKNOWN_TOPIC_OR_PARTITION);
                unknown |= !exists;
            }
        }
        if (unknown) {
            results.replaceAll((tp, e) -> e == Errors.NONE ? Errors.OPERATION_NOT_ATTEMPTED : e);
        } else if (verifyOnly) {
            results.replaceAll((tp, e) -> {
                Errors error = coordinator.verify(transactionalId, producerId, epoch, tp);
                return error == Errors.TRANSACTION_ABORTABLE && version < 5 ? Errors.INVALID_TXN_STATE : error;
            });
        } else if (!results.isEmpty()) {
            Errors error = coordinator.addPartitions(transactionalId, producerId, epoch, results.keySet(),
                    version > 3 ? TransactionMetadata.TV_2 : TransactionMetadata.TV_1);
            results.replaceAll((tp, e) -> error);
        }
        return toResponse(results);
    }

    private static AddPartitionsToTxnTopicResultCollection toResponse(Map<TopicPartition, Errors> results) {
        AddPartitionsToTxnTopicResultCollection collection = new AddPartitionsToTxnTopicResultCollection();
        results.forEach((tp, error) -> {
            AddPartitionsToTxnTopicResult topic = collection.find(tp.topic());
            if (topic == null) {
                topic = new AddPartitionsToTxnTopicResult().setName(tp.topic());
                collection.add(topic);
            }
            topic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult().setPartitionIndex(tp.partition())
                    .setPartitionErrorCode(error.code()));
        });
        return collection;
    }
}
