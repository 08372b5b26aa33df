package dev.voltstream.broker.handler;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.group.GroupCoordinator;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.transaction.PendingOffset;
import dev.voltstream.broker.transaction.BrokerClient;
import dev.voltstream.broker.transaction.ClusterTransactionalOffsets;
import dev.voltstream.broker.transaction.TransactionCoordinator;
import dev.voltstream.broker.transaction.TransactionMetadata;

/**
 * TxnOffsetCommit: offsets a transactional producer commits for a consumer group (sendOffsetsToTransaction). The
 * group checks the member the request names (v3+); the transaction coordinator holds the offsets until the
 * transaction ends, so they become visible only if it commits and are dropped if it aborts. v5 is transaction
 * version 2: the group joins the transaction implicitly (the client sends no AddOffsetsToTxn).
 */
public final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequestData> {
    private final TransactionCoordinator transactions;
    private final GroupCoordinator groups;
    private final TopicRegistry topics;
    /** Cluster mode only: the path between group and transaction coordinators on different brokers. */
    private final ClusterTransactionalOffsets cluster;

    public TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups,
                                  TopicRegistry topics) {
        this(transactions, groups, topics, null);
    }

    public TxnOffsetCommitHandler(TransactionCoordinator transactions, GroupCoordinator groups,
                                  TopicRegistry topics, ClusterTransactionalOffsets cluster) {
        this.transactions = transactions;
        this.groups = groups;
        this.topics = topics;
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    @Override
    public CompletionStage<TxnOffsetCommitResponseData> handle(RequestContext context,
                                                               TxnOffsetCommitRequestData request) {
        TxnOffsetCommitResponseData response = new TxnOffsetCommitResponseData();
        Map<TopicPartition, PendingOffset> valid = new HashMap<>();
        Map<TopicPartition, TxnOffsetCommitResponsePartition> pending = new HashMap<>();
        int maxMetadata = groups.config().offsetMetadataMaxBytes();
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            Optional<TopicMetadata> meta = topics.byName(topic.name());
            TxnOffsetCommitResponseTopic topicResponse = new TxnOffsetCommitResponseTopic().setName(topic.name());
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                TxnOffsetCommitResponsePartition result = new TxnOffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                topicResponse.partitions().add(result);
                if (meta.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= meta.get().partitions()) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (p.committedMetadata() != null && p.committedMetadata().length() > maxMetadata) {
                    result.setErrorCode(Errors.OFFSET_METADATA_TOO_LARGE.code());
                } else {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                    valid.put(tp, new PendingOffset(p.committedOffset(), p.committedLeaderEpoch(),
                            p.committedMetadata() == null ? "" : p.committedMetadata()));
                    pending.put(tp, result);
                }
            }
            response.topics().add(topicResponse);
        }
        if (valid.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<Errors> outcome = cluster != null
                && BrokerClient.OFFSETS_DELIVERY_CLIENT_ID.equals(context.clientId())
                ? cluster.deliverHere(request.groupId(), valid)
                : transactions.submit(() -> hold(request, valid, context.apiVersion() >= 5
                        ? TransactionMetadata.TV_2 : TransactionMetadata.TV_1));
        return outcome.thenApply(error -> {
            for (TxnOffsetCommitResponsePartition result : pending.values()) {
                result.setErrorCode(error.code());
            }
            return response;
        });
    }

    /**
     * Holds the offsets with the open transaction: here when this broker coordinates the transactional id (after
     * the member check when it also coordinates the group; a request naming no member needs none), else, in a
     * cluster, forwarded to the id's coordinator once the group coordinator (this broker) checked the member.
     */
    private Errors hold(TxnOffsetCommitRequestData request, Map<TopicPartition, PendingOffset> valid, short tv) {
        Errors member = groups.validateTransactionalCommit(request.groupId(), request.memberId(),
                request.groupInstanceId(), request.generationId());
        boolean namesNoMember = request.generationId() < 0 && (request.memberId() == null
                || request.memberId().isEmpty()) && request.groupInstanceId() == null;
        if (cluster == null || transactions.coordinates(request.transactionalId()) == Errors.NONE) {
            if (member != Errors.NONE && !(cluster != null && member == Errors.NOT_COORDINATOR && namesNoMember)) {
                return member;
            }
            return transactions.commitOffsets(request.transactionalId(), request.producerId(),
                    request.producerEpoch(), request.groupId(), valid, tv);
        }
        return member != Errors.NONE ? member : cluster.forward(request.transactionalId(), request.producerId(),
                request.producerEpoch(), request.groupId(), valid, tv);
    }
}
