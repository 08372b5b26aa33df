package dev.voltstream.broker.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.network.CloseConnectionException;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.PartitionLookup;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.transaction.TransactionVerifier;

/**
 * Produce: appends each partition's batches (validated, stored as sent) and answers with the base offsets.
 * acks=0 gets no answer, and a connection close when something failed (as Kafka does, so the producer refreshes).
 */
public final class ProduceHandler implements ApiHandler<ProduceRequestData> {
    private static final Logger LOG = LoggerFactory.getLogger(ProduceHandler.class);

    private final TopicRegistry topics;
    private final ReplicaManager replicas;
    private final int defaultMinInsyncReplicas;
    private final TransactionVerifier transactions;

    public ProduceHandler(TopicRegistry topics, ReplicaManager replicas) {
        this(topics, replicas, 1);
    }

    /** {@code defaultMinInsyncReplicas}: the broker's {@code min.insync.replicas}, for topics without their own. */
    public ProduceHandler(TopicRegistry topics, ReplicaManager replicas, int defaultMinInsyncReplicas) {
        this(topics, replicas, defaultMinInsyncReplicas, TransactionVerifier.UNSUPPORTED);
    }

    /** {@code transactions} checks each transactional batch against its producer's open transaction. */
    public ProduceHandler(TopicRegistry topics, ReplicaManager replicas, int defaultMinInsyncReplicas,
                          TransactionVerifier transactions) {
        this.transactions = transactions;
        this.topics = topics;
        this.replicas = replicas;
        this.defaultMinInsyncReplicas = defaultMinInsyncReplicas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.PRODUCE;
    }

    @Override
    public CompletionStage<ProduceResponseData> handle(RequestContext context, ProduceRequestData request) {
        short acks = request.acks();
        ProduceResponseData response = new ProduceResponseData();
        List<CompletableFuture<Void>> replication = new ArrayList<>();
        boolean failed = false;
        for (TopicProduceData topic : request.topicData()) {
            TopicProduceResponse topicResponse = new TopicProduceResponse().setName(topic.name())
                    .setTopicId(topic.topicId());
            Optional<TopicMetadata> metadata = topics.resolve(topic.name(), topic.topicId());
            for (PartitionProduceData data : topic.partitionData()) {
                PartitionProduceResponse result = new PartitionProduceResponse().setIndex(data.index())
                        .setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1);
                if (acks != 0 && acks != 1 && acks != -1) {
                    result.setErrorCode(Errors.INVALID_REQUIRED_ACKS.code());
                } else {
                    append(context, topic, metadata, data, result, acks == -1, request.timeoutMs(), replication,
                            request.transactionalId());
                }
                failed |= result.errorCode() != Errors.NONE.code();
                topicResponse.partitionResponses().add(result);
            }
            response.responses().add(topicResponse);
        }
        if (acks == 0) {
            if (failed) {
                throw new CloseConnectionException("acks=0 produce failed for at least one partition");
            }
            return CompletableFuture.completedFuture(null);
        }
        if (replication.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        return CompletableFuture.allOf(replication.toArray(CompletableFuture[]::new)).thenApply(ignored -> response);
    }

    private void append(RequestContext context, TopicProduceData topic, Optional<TopicMetadata> metadata,
                        PartitionProduceData data, PartitionProduceResponse result, boolean acksAll, int timeoutMs,
                        List<CompletableFuture<Void>> replication, String transactionalId) {
        if (metadata.isEmpty()) {
            boolean byId = topic.topicId() != null && !Uuid.ZERO_UUID.equals(topic.topicId());
            result.setErrorCode((byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
            return;
        }
        TopicMetadata meta = metadata.get();
        if (meta.internal()) {
            result.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code())
                    .setErrorMessage("Cannot append to internal topic " + meta.name());
            return;
        }
        PartitionLookup partition = replicas.leaderPartition(new TopicPartition(meta.name(), data.index()), -1);
        if (!partition.isFound()) {
            // In a cluster the partition may simply live on other brokers: the client should look for its leader.
            boolean exists = data.index() >= 0 && data.index() < meta.partitions();
            result.setErrorCode((exists ? partition.error() : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
            return;
        }
        try {
            if (!(data.records() instanceof MemoryRecords records)) {
                result.setErrorCode(Errors.CORRUPT_MESSAGE.code()).setErrorMessage("Produce request has no records");
                return;
            }
            ProduceRequest.validateRecords(context.apiVersion(), records);
            Partition leader = partition.partition();
            int minIsr = minInsyncReplicas(meta);
            if (acksAll && leader.inSyncReplicas().size() < minIsr) {
                result.setErrorCode(Errors.NOT_ENOUGH_REPLICAS.code()).setErrorMessage("The ISR of "
                        + leader.topicPartition() + " has " + leader.inSyncReplicas().size()
                        + " replica(s), fewer than min.insync.replicas=" + minIsr);
                return;
            }
            Iterator<? extends RecordBatch> batches = records.batches().iterator();
            RecordBatch first = batches.hasNext() ? batches.next() : null;
            // Produce v12 in a transaction is transaction version 2: the partition joins the transaction here.
            LogAppendResult appended = first != null && first.isTransactional()
                    ? transactions.appendVerified(transactionalId, first.producerId(), first.producerEpoch(),
                            leader.topicPartition(), context.apiVersion() >= 12, () -> leader.appendAsLeader(records))
                    : leader.appendAsLeader(records);
            result.setBaseOffset(appended.firstOffset())
                    .setLogAppendTimeMs(appended.logAppendTime())
                    .setLogStartOffset(appended.logStartOffset());
            if (acksAll) {
                replication.add(leader.awaitReplication(appended.lastOffset())
                        .completeOnTimeout(Errors.REQUEST_TIMED_OUT, timeoutMs, TimeUnit.MILLISECONDS)
                        .thenAccept(error -> {
                            Errors outcome = error == Errors.NONE && leader.inSyncReplicas().size() < minIsr
                                    ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : error;
                            if (outcome != Errors.NONE) {
                                result.setErrorCode(outcome.code()).setBaseOffset(-1);
                            }
                        }));
            }
        } catch (ApiException e) {
            Errors error = Errors.forException(e);
            // Produce v11 is the first to know TRANSACTION_ABORTABLE (KIP-890); older clients get INVALID_TXN_STATE.
            if (error == Errors.TRANSACTION_ABORTABLE && context.apiVersion() < 11) {
                error = Errors.INVALID_TXN_STATE;
            }
            result.setErrorCode(error.code()).setErrorMessage(e.getMessage());
            LOG.debug("Produce to {}-{} from '{}' rejected: {}", meta.name(), data.index(), context.clientId(),
                    e.toString());
        } catch (IOException e) {
            LOG.error("Cannot append to {}-{}", meta.name(), data.index(), e);
            result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        }
    }

    private int minInsyncReplicas(TopicMetadata topic) {
        String value = topic.configs().get("min.insync.replicas");
        try {
            return value == null ? defaultMinInsyncReplicas : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return defaultMinInsyncReplicas;
        }
    }
}
