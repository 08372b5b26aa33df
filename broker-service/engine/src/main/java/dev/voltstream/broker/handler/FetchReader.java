package dev.voltstream.broker.handler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.PartitionLookup;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.replica.ReplicationThrottles;
import dev.voltstream.broker.storage.AbortedTxn;
import dev.voltstream.broker.storage.LogReadResult;

/**
 * One pass over a Fetch request's partitions: reads committed batches from the logs within the request's byte
 * budgets and remembers each partition's high watermark, so a waiting fetch can tell when something new arrived.
 */
final class FetchReader {
    private static final Logger LOG = LoggerFactory.getLogger(FetchReader.class);
    /** Fetch's isolation level 1: only records below the last stable offset, minus aborted transactions. */
    private static final byte READ_COMMITTED = 1;

    private final TopicRegistry topics;
    private final ReplicaManager replicas;
    private final int fetchMaxBytes;
    private final int replicaFetchResponseMaxBytes;

    /**
     * {@code fetchMaxBytes} ({@code fetch.max.bytes}) caps a consumer's response, {@code replicaFetchResponseMaxBytes}
     * ({@code replica.fetch.response.max.bytes}) a follower's, whatever the request asks for (as in Kafka; the first
     * batch is still returned whole so a consumer can make progress).
     */
    FetchReader(TopicRegistry topics, ReplicaManager replicas, int fetchMaxBytes, int replicaFetchResponseMaxBytes) {
        this.topics = topics;
        this.replicas = replicas;
        this.fetchMaxBytes = fetchMaxBytes;
        this.replicaFetchResponseMaxBytes = replicaFetchResponseMaxBytes;
    }

    /** The outcome of one read pass. */
    record Result(FetchResponseData response, int bytes, boolean hasError,
                  Map<TopicPartition, Long> highWatermarks, boolean replica) {
        boolean changedSince(ReplicaManager replicas) {
            for (Map.Entry<TopicPartition, Long> e : highWatermarks.entrySet()) {
                Optional<Partition> p = replicas.partition(e.getKey());
                if (p.isEmpty() || position(p.get(), replica) != e.getValue()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A follower waits for the log end to move; a consumer for the high watermark. */
    static long position(Partition partition, boolean replica) {
        return replica ? partition.logEndOffset() : partition.highWatermark();
    }

    Result read(FetchRequestData request, boolean useTopicIds) {
        return read(request, useTopicIds, -1);
    }

    /** {@code replicaId} >= 0 for a follower's fetch: it reads up to the log end and reports its position. */
    Result read(FetchRequestData request, boolean useTopicIds, int replicaId) {
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        Map<TopicPartition, Long> highWatermarks = new LinkedHashMap<>();
        int budget = Math.min(request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes(),
                replicaId >= 0 ? replicaFetchResponseMaxBytes : fetchMaxBytes);
        int bytes = 0;
        boolean hasError = false;
        for (FetchTopic topic : request.topics()) {
            FetchableTopicResponse topicResponse = new FetchableTopicResponse().setTopic(topic.topic())
                    .setTopicId(topic.topicId());
            Optional<TopicMetadata> metadata = topics.resolve(useTopicIds ? null : topic.topic(),
                    useTopicIds ? topic.topicId() : Uuid.ZERO_UUID);
            for (FetchPartition fp : topic.partitions()) {
                PartitionData data = new PartitionData().setPartitionIndex(fp.partition()).setHighWatermark(-1)
                        .setLastStableOffset(-1).setLogStartOffset(-1).setRecords(MemoryRecords.EMPTY);
                if (metadata.isEmpty()) {
                    data.setErrorCode((useTopicIds ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
                } else {
                    TopicPartition tp = new TopicPartition(metadata.get().name(), fp.partition());
                    PartitionLookup partition = replicas.leaderPartition(tp, fp.currentLeaderEpoch());
                    if (!partition.isFound()) {
                        data.setErrorCode(partition.error().code());
                    } else {
                        int max = Math.min(fp.partitionMaxBytes(), budget - bytes);
                        ReplicationThrottles.Quota quota = replicaId >= 0
                                ? replicas.throttles().leaderQuotaFor(partition.partition(), replicaId) : null;
                        int read;
                        if (quota != null && quota.exceeded()) {
                            read = skipThrottled(partition.partition(), fp, data, replicaId);
                        } else {
                            read = readPartition(partition.partition(), fp, Math.max(0, max), bytes == 0, data,
                                    replicaId, request.isolationLevel() == READ_COMMITTED);
                            if (quota != null) {
                                quota.record(read);
                            }
                        }
                        bytes += read;
                        highWatermarks.put(tp, position(partition.partition(), replicaId >= 0));
                    }
                }
                hasError |= data.errorCode() != Errors.NONE.code();
                topicResponse.partitions().add(data);
            }
            response.responses().add(topicResponse);
        }
        return new Result(response, bytes, hasError, highWatermarks, replicaId >= 0);
    }

    /** A throttled follower gets no records this time (Kafka's leader throttle), but its position counts. */
    private static int skipThrottled(Partition partition, FetchPartition fp, PartitionData data, int replicaId) {
        try {
            partition.recordFollowerPosition(replicaId, fp.fetchOffset(), System.currentTimeMillis());
        } catch (ApiException e) {
            data.setErrorCode(Errors.forException(e).code());
        }
        data.setHighWatermark(partition.highWatermark()).setLastStableOffset(partition.lastStableOffset())
                .setLogStartOffset(partition.logStartOffset());
        return 0;
    }

    private static int readPartition(Partition partition, FetchPartition fp, int maxBytes, boolean minOneBatch,
                                     PartitionData data, int replicaId, boolean readCommitted) {
        long highWatermark = partition.highWatermark();
        data.setHighWatermark(highWatermark).setLastStableOffset(partition.lastStableOffset())
                .setLogStartOffset(partition.logStartOffset());
        try {
            boolean committedOnly = readCommitted && replicaId < 0;
            LogReadResult read = replicaId >= 0
                    ? partition.readForReplica(replicaId, fp.fetchOffset(), maxBytes, System.currentTimeMillis())
                    : committedOnly ? partition.readCommitted(fp.fetchOffset(), maxBytes, minOneBatch)
                    : partition.read(fp.fetchOffset(), maxBytes, minOneBatch);
            // The follower's fetch may just have advanced the high watermark: report the new one.
            long lastStable = partition.lastStableOffset();
            data.setHighWatermark(partition.highWatermark()).setLastStableOffset(lastStable);
            if (committedOnly) {
                // KIP-98: the consumer drops the batches of these producers up to each one's abort marker.
                List<AbortedTransaction> aborted = new ArrayList<>();
                for (AbortedTxn txn : partition.abortedTransactions(fp.fetchOffset(), lastStable)) {
                    aborted.add(new AbortedTransaction().setProducerId(txn.producerId())
                            .setFirstOffset(txn.firstOffset()));
                }
                data.setAbortedTransactions(aborted);
            }
            if (read.size() > 0) {
                data.setRecords(read.slice());
            }
            return read.size();
        } catch (ApiException e) {
            data.setErrorCode(Errors.forException(e).code());
            return 0;
        } catch (IOException e) {
            LOG.error("Cannot read {} at offset {}", partition.topicPartition(), fp.fetchOffset(), e);
            data.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
            return 0;
        }
    }
}
