package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogAppendResult;

/**
 * Writes the commit or abort marker of one producer: to partitions this broker leads (the coordinator's markers on a
 * single node, WriteTxnMarkers from Kafka's tools and from other brokers' coordinators) and, for a cluster's
 * coordinator, to the leaders of the others with WriteTxnMarkers, grouped per leader. A partition without a leader,
 * a leader that moved or one that cannot be reached is a failure the coordinator retries.
 */
public final class TransactionMarkers {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionMarkers.class);
    static final String CLIENT_ID = "voltstream-transaction-markers";
    private static final short WRITE_TXN_MARKERS_VERSION = 1;
    private static final long REPLICATION_TIMEOUT_MS = 10_000;

    private final ReplicaManager replicas;
    /** Cluster mode only: where each partition's leader is, and how to reach it. */
    private final ClusterView cluster;
    private final BrokerClient brokers;

    public TransactionMarkers(ReplicaManager replicas) {
        this(replicas, null, null);
    }

    /** Cluster mode: markers of partitions led elsewhere go to their leaders through {@code brokers}. */
    public TransactionMarkers(ReplicaManager replicas, ClusterView cluster, BrokerClient brokers) {
        this.replicas = replicas;
        this.cluster = cluster;
        this.brokers = brokers;
    }

    /**
     * The marker in {@code tp}, which this broker leads: NONE once written, UNKNOWN_TOPIC_OR_PARTITION when the
     * partition no longer exists (a deleted topic: nothing left to mark), else the append's error.
     */
    public Errors write(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch,
                        boolean commit) {
        try {
            return writeReplicated(tp, producerId, producerEpoch, coordinatorEpoch, commit)
                    .get(REPLICATION_TIMEOUT_MS * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Errors.REQUEST_TIMED_OUT;
        } catch (ExecutionException | TimeoutException e) {
            return Errors.REQUEST_TIMED_OUT;
        }
    }

    /**
     * As {@link #write}, completing once the marker is durable: at once on a single node, once the high watermark
     * passed it in a cluster (Kafka writes markers with acks=all: a marker lost with its leader would leave the
     * transaction open there for good).
     */
    public CompletableFuture<Errors> writeReplicated(TopicPartition tp, long producerId, short producerEpoch,
                                                     int coordinatorEpoch, boolean commit) {
        Optional<Partition> partition = replicas.partition(tp);
        if (partition.isEmpty()) {
            // In a cluster a partition of a live topic that is not hosted here is led elsewhere: the sender retries.
            return CompletableFuture.completedFuture(cluster != null && cluster.partitionState(tp).isPresent()
                    ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            LogAppendResult appended = partition.get().appendTransactionMarker(producerId, producerEpoch,
                    coordinatorEpoch, commit);
            return cluster == null ? CompletableFuture.completedFuture(Errors.NONE)
                    : partition.get().awaitReplication(appended.lastOffset())
                            .completeOnTimeout(Errors.REQUEST_TIMED_OUT, REPLICATION_TIMEOUT_MS,
                                    TimeUnit.MILLISECONDS);
        } catch (ApiException e) {
            LOG.warn("Cannot write the {} marker of producer {} to {}: {}", commit ? "commit" : "abort", producerId,
                    tp, e.toString());
            return CompletableFuture.completedFuture(Errors.forException(e));
        } catch (IOException e) {
            LOG.error("Cannot write the {} marker of producer {} to {}", commit ? "commit" : "abort", producerId,
                    tp, e);
            return CompletableFuture.completedFuture(Errors.KAFKA_STORAGE_ERROR);
        }
    }

    /** True when every partition got its marker or no longer exists; false when one must be retried. */
    boolean writeAll(Iterable<TopicPartition> partitions, long producerId, short producerEpoch, int coordinatorEpoch,
                     boolean commit, Map<TopicPartition, Errors> failures) {
        Map<Integer, List<TopicPartition>> remote = new HashMap<>();
        for (TopicPartition tp : partitions) {
            int leader = cluster == null ? -2 : cluster.partitionState(tp).map(PartitionState::leader).orElse(-3);
            if (leader == -3) {
                continue; // the topic is gone: nothing left to mark
            }
            if (leader == -1) {
                failures.put(tp, Errors.LEADER_NOT_AVAILABLE);
            } else if (leader == -2 || leader == cluster.localNodeId()) {
                record(tp, write(tp, producerId, producerEpoch, coordinatorEpoch, commit), failures);
            } else {
                remote.computeIfAbsent(leader, l -> new ArrayList<>()).add(tp);
            }
        }
        remote.forEach((leader, tps) -> writeRemote(leader, tps, producerId, producerEpoch, coordinatorEpoch, commit,
                failures));
        return failures.isEmpty();
    }

    private static void record(TopicPartition tp, Errors error, Map<TopicPartition, Errors> failures) {
        LOG.debug("Marker in {}: {}", tp, error);
        if (error != Errors.NONE && error != Errors.UNKNOWN_TOPIC_OR_PARTITION
                && error != Errors.INVALID_PRODUCER_EPOCH) {
            failures.put(tp, error);
        }
    }

    /** One WriteTxnMarkers to {@code leader} for its partitions. */
    private void writeRemote(int leader, List<TopicPartition> tps, long producerId, short producerEpoch,
                             int coordinatorEpoch, boolean commit, Map<TopicPartition, Errors> failures) {
        WritableTxnMarker marker = new WritableTxnMarker().setProducerId(producerId).setProducerEpoch(producerEpoch)
                .setTransactionResult(commit).setCoordinatorEpoch(coordinatorEpoch);
        Map<String, WritableTxnMarkerTopic> topics = new HashMap<>();
        for (TopicPartition tp : tps) {
            topics.computeIfAbsent(tp.topic(), t -> {
                WritableTxnMarkerTopic topic = new WritableTxnMarkerTopic().setName(t);
                marker.topics().add(topic);
                return topic;
            }).partitionIndexes().add(tp.partition());
        }
        WriteTxnMarkersResponseData response;
        try {
            response = (WriteTxnMarkersResponseData) brokers.call(leader, CLIENT_ID, ApiKeys.WRITE_TXN_MARKERS,
                    WRITE_TXN_MARKERS_VERSION, new WriteTxnMarkersRequestData().setMarkers(List.of(marker)));
        } catch (IOException e) {
            LOG.warn("Cannot send the {} marker of producer {} to broker {}: {}", commit ? "commit" : "abort",
                    producerId, leader, e.toString());
            tps.forEach(tp -> failures.put(tp, Errors.NETWORK_EXCEPTION));
            return;
        }
        Map<TopicPartition, Errors> answered = new HashMap<>();
        for (WritableTxnMarkerResult result : response.markers()) {
            for (WritableTxnMarkerTopicResult topic : result.topics()) {
                for (WritableTxnMarkerPartitionResult p : topic.partitions()) {
                    answered.put(new TopicPartition(topic.name(), p.partitionIndex()), Errors.forCode(p.errorCode()));
                }
            }
        }
        for (TopicPartition tp : tps) {
            record(tp, answered.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR), failures);
        }
    }
}
