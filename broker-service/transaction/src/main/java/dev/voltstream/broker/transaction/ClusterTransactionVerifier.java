package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopicCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.ProducerInfo;

/**
 * Produce's KIP-890 check in a cluster. When this broker coordinates the transactional id the coordinator checks it
 * (holding its lock over the append, as on a single node). Otherwise a partition that already holds an open
 * transaction of this producer session needs no check (it was verified when that transaction began here); the first
 * batch of a transaction asks the id's coordinator with AddPartitionsToTxn v5 {@code verifyOnly}, as Kafka's partition
 * leaders do — or, for a transactional Produce v12 (transaction version 2), without {@code verifyOnly}: the
 * coordinator adds the partition to the transaction. A coordinator that cannot be asked, or is moving, makes the
 * batch fail with NOT_ENOUGH_REPLICAS, which every producer retries (Kafka answers the same, so that older clients
 * retry too).
 */
public final class ClusterTransactionVerifier implements TransactionVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransactionVerifier.class);
    static final String CLIENT_ID = "voltstream-transaction-verification";
    /** v5: the coordinator may answer TRANSACTION_ABORTABLE (Produce maps it for clients that do not know it). */
    private static final short VERIFY_VERSION = 5;

    private final TransactionCoordinator coordinator;
    private final ReplicaManager replicas;
    private final ClusterView cluster;
    private final BrokerClient brokers;

    public ClusterTransactionVerifier(TransactionCoordinator coordinator, ReplicaManager replicas,
                                      ClusterView cluster, BrokerClient brokers) {
        this.coordinator = coordinator;
        this.replicas = replicas;
        this.cluster = cluster;
        this.brokers = brokers;
    }

    @Override
    public LogAppendResult appendVerified(String transactionalId, long producerId, short producerEpoch,
                                          TopicPartition tp, boolean addPartition, Append append)
            throws IOException {
        if (transactionalId == null || coordinator.coordinates(transactionalId) == Errors.NONE) {
            return coordinator.appendVerified(transactionalId, producerId, producerEpoch, tp, addPartition, append);
        }
        if (!openHere(tp, producerId, producerEpoch)) {
            Errors error = askCoordinator(transactionalId, producerId, producerEpoch, tp, addPartition);
            if (error != Errors.NONE) {
                throw error.exception("Transactional batch of producer " + producerId + " (transactional id '"
                        + transactionalId + "') for " + tp + " not verified: " + error.message());
            }
        }
        return append.run();
    }

    /** Whether this producer session's transaction is already open in the partition. */
    private boolean openHere(TopicPartition tp, long producerId, short producerEpoch) {
        Optional<Partition> partition = replicas.partition(tp);
        if (partition.isEmpty()) {
            return false;
        }
        for (ProducerInfo p : partition.get().activeProducers()) {
            if (p.producerId() == producerId) {
                return p.producerEpoch() == producerEpoch && p.currentTxnStartOffset() >= 0;
            }
        }
        return false;
    }

    private Errors askCoordinator(String transactionalId, long producerId, short producerEpoch, TopicPartition tp,
                                  boolean addPartition) {
        Optional<BrokerNode> owner = cluster.transactionCoordinator(ClusterView.INTER_BROKER_LISTENER, transactionalId);
        if (owner.isEmpty()) {
            return Errors.NOT_ENOUGH_REPLICAS;
        }
        AddPartitionsToTxnTopicCollection topics = new AddPartitionsToTxnTopicCollection();
        topics.add(new AddPartitionsToTxnTopic().setName(tp.topic()).setPartitions(
                new java.util.ArrayList<>(java.util.List.of(tp.partition()))));
        AddPartitionsToTxnTransactionCollection txns = new AddPartitionsToTxnTransactionCollection();
        txns.add(new AddPartitionsToTxnTransaction().setTransactionalId(transactionalId).setProducerId(producerId)
                .setProducerEpoch(producerEpoch).setVerifyOnly(!addPartition).setTopics(topics));
        AddPartitionsToTxnResponseData response;
        try {
            response = (AddPartitionsToTxnResponseData) brokers.call(owner.get().id(), CLIENT_ID,
                    ApiKeys.ADD_PARTITIONS_TO_TXN, VERIFY_VERSION,
                    new AddPartitionsToTxnRequestData().setTransactions(txns));
        } catch (IOException e) {
            LOG.warn("Cannot verify a batch of '{}' for {} with broker {}: {}", transactionalId, tp,
                    owner.get().id(), e.toString());
            return Errors.NOT_ENOUGH_REPLICAS;
        }
        Errors error = Errors.forCode(response.errorCode());
        for (AddPartitionsToTxnResult result : response.resultsByTransaction()) {
            for (AddPartitionsToTxnTopicResult topic : result.topicResults()) {
                for (AddPartitionsToTxnPartitionResult p : topic.resultsByPartition()) {
                    if (error == Errors.NONE) {
                        error = Errors.forCode(p.partitionErrorCode());
                    }
                }
            }
        }
        return TransactionVerifier.forProduce(error);
    }
}
