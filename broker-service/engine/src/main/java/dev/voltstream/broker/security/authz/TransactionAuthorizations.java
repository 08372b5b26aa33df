package dev.voltstream.broker.security.authz;

import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.IDEMPOTENT_WRITE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.CLUSTER;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.DescribeTransactionsRequestData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData;
import org.apache.kafka.common.message.DescribeTransactionsResponseData.TransactionState;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/** InitProducerId and the transaction APIs (KafkaApis' checks). */
final class TransactionAuthorizations {
    private TransactionAuthorizations() {
    }

    static void register(ApiAuthorizations rules) {
        rules.on(ApiKeys.INIT_PRODUCER_ID, InitProducerIdRequestData.class, (a, r) -> r.transactionalId() != null
                        ? txn(a, WRITE, r.transactionalId())
                        // IDEMPOTENT_WRITE on the cluster is checked silently, as Kafka does (logIfDenied = false):
                        // every idempotent producer (the default since Kafka 3.0) asks, and WRITE on a topic suffices
                        : Verdict.allowIf(a.visible(IDEMPOTENT_WRITE, CLUSTER, AclBindings.CLUSTER_NAME)
                                        || a.anyOf(TOPIC, WRITE),
                        new ClusterAuthorizationException("Cluster authorization failed.")))
                .on(ApiKeys.ADD_PARTITIONS_TO_TXN, AddPartitionsToTxnRequestData.class,
                        TransactionAuthorizations::addPartitions)
                .on(ApiKeys.ADD_OFFSETS_TO_TXN, AddOffsetsToTxnRequestData.class, (a, r) ->
                        GroupAuthorizations.both(txn(a, WRITE, r.transactionalId()),
                                () -> GroupAuthorizations.group(a, READ, r.groupId())))
                .on(ApiKeys.END_TXN, EndTxnRequestData.class, (a, r) -> txn(a, WRITE, r.transactionalId()))
                .on(ApiKeys.TXN_OFFSET_COMMIT, TxnOffsetCommitRequestData.class, (a, r) ->
                        GroupAuthorizations.both(txn(a, WRITE, r.transactionalId()),
                                () -> GroupAuthorizations.both(GroupAuthorizations.group(a, READ, r.groupId()),
                                        () -> TopicAuthorizations.allTopics(a, READ, r.topics(), t -> t.name()))))
                .on(ApiKeys.WRITE_TXN_MARKERS, WriteTxnMarkersRequestData.class,
                        (a, r) -> TopicAuthorizations.clusterAction(a))
                .on(ApiKeys.DESCRIBE_TRANSACTIONS, DescribeTransactionsRequestData.class, (a, r) ->
                        Verdict.amend(DescribeTransactionsResponseData.class, response -> {
                            response.transactionStates().replaceAll(s ->
                                    a.allowed(DESCRIBE, TRANSACTIONAL_ID, s.transactionalId()) ? s
                                            : new TransactionState().setTransactionalId(s.transactionalId())
                                            .setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code()));
                            return response;
                        }))
                .on(ApiKeys.LIST_TRANSACTIONS, ListTransactionsRequestData.class, (a, r) ->
                        Verdict.amend(ListTransactionsResponseData.class, response -> {
                            response.transactionStates().removeIf(s ->
                                    !a.visible(DESCRIBE, TRANSACTIONAL_ID, s.transactionalId()));
                            return response;
                        }));
    }

    static Verdict txn(RequestAccess access, org.apache.kafka.common.acl.AclOperation op, String transactionalId) {
        return Verdict.allowIf(access.allowed(op, TRANSACTIONAL_ID, transactionalId),
                new TransactionalIdAuthorizationException("Transactional Id authorization failed."));
    }

    /** v0-3 from producers: the transactional id and each topic; v4+ (brokers verifying): CLUSTER_ACTION. */
    private static Verdict addPartitions(RequestAccess access, AddPartitionsToTxnRequestData request) {
        if (request.transactions() != null && !request.transactions().isEmpty()) {
            return TopicAuthorizations.clusterAction(access);
        }
        Verdict txn = txn(access, WRITE, request.v3AndBelowTransactionalId());
        if (txn.refusal() != null) {
            return txn;
        }
        List<AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic> topics = new ArrayList<>(request.v3AndBelowTopics());
        return TopicAuthorizations.allTopics(access, WRITE, topics, t -> t.name());
    }
}
