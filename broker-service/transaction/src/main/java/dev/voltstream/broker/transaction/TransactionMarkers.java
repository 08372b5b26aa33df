package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * Writes the commit or abort marker of one producer to partitions this broker leads: the coordinator's markers on a
 * single node, and WriteTxnMarkers (Kafka's tools, later the coordinator of a cluster).
 */
public final class TransactionMarkers {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionMarkers.class);

    private final ReplicaManager replicas;

    public TransactionMarkers(ReplicaManager replicas) {
        this.replicas = replicas;
    }

    /**
     * The marker in {@code tp}: NONE once written, UNKNOWN_TOPIC_OR_PARTITION when the partition is not here (a
     * deleted topic: nothing left to mark), else the append's error.
     */
    public Errors write(TopicPartition tp, long producerId, short producerEpoch, int coordinatorEpoch,
                        boolean commit) {
        Optional<Partition> partition = replicas.partition(tp);
        if (partition.isEmpty()) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        try {
            partition.get().appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit);
            return Errors.NONE;
        } catch (ApiException e) {
            LOG.warn("Cannot write the {} marker of producer {} to {}: {}", commit ? "commit" : "abort", producerId,
                    tp, e.toString());
            return Errors.forException(e);
        } catch (IOException e) {
            LOG.error("Cannot write the {} marker of producer {} to {}", commit ? "commit" : "abort", producerId,
                    tp, e);
            return Errors.KAFKA_STORAGE_ERROR;
        }
    }

    /** True when every partition got its marker or no longer exists; false when one must be retried. */
    boolean writeAll(Iterable<TopicPartition> partitions, long producerId, short producerEpoch, boolean commit,
                     Map<TopicPartition, Errors> failures) {
        for (TopicPartition tp : partitions) {
            Errors error = write(tp, producerId, producerEpoch, 0, commit);
            if (error != Errors.NONE && error != Errors.UNKNOWN_TOPIC_OR_PARTITION
                    && error != Errors.INVALID_PRODUCER_EPOCH) {
                failures.put(tp, error);
            }
        }
        return failures.isEmpty();
    }
}
