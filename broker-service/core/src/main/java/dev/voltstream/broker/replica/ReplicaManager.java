package dev.voltstream.broker.replica;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.PartitionLog;

/** The partitions hosted by this broker, each over its log in the {@link LogManager}. */
public final class ReplicaManager {
    private final int nodeId;
    private final LogManager logManager;
    private final FetchPurgatory purgatory;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private volatile ReplicationThrottles throttles = ReplicationThrottles.NONE;
    private volatile boolean clustered;

    public ReplicaManager(int nodeId, LogManager logManager, FetchPurgatory purgatory) {
        this.nodeId = nodeId;
        this.logManager = logManager;
        this.purgatory = purgatory;
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /**
     * The one way a handler reaches a partition it must lead: the partition, or the Kafka error that says why not, in
     * Kafka's order — not hosted here ({@code NOT_LEADER_OR_FOLLOWER} in cluster mode, where another broker may host
     * it; {@code UNKNOWN_TOPIC_OR_PARTITION} on a single node), a leader epoch older or newer than this broker's
     * ({@code FENCED_LEADER_EPOCH} / {@code UNKNOWN_LEADER_EPOCH}; a negative {@code currentLeaderEpoch} skips the
     * check, as clients that do not know the epoch send -1), not the leader ({@code NOT_LEADER_OR_FOLLOWER}).
     */
    public PartitionLookup leaderPartition(TopicPartition tp, int currentLeaderEpoch) {
        Partition partition = partitions.get(tp);
        if (partition == null) {
            return PartitionLookup.failed(clustered ? Errors.NOT_LEADER_OR_FOLLOWER
                    : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        int epoch = partition.leaderEpoch();
        if (currentLeaderEpoch >= 0 && currentLeaderEpoch != epoch) {
            return PartitionLookup.failed(currentLeaderEpoch < epoch ? Errors.FENCED_LEADER_EPOCH
                    : Errors.UNKNOWN_LEADER_EPOCH);
        }
        if (!partition.isLeader()) {
            return PartitionLookup.failed(Errors.NOT_LEADER_OR_FOLLOWER);
        }
        return PartitionLookup.found(partition);
    }

    public Collection<Partition> partitions() {
        return List.copyOf(partitions.values());
    }

    /** Hosts the partition, creating its log if needed; idempotent. */
    public Partition getOrCreatePartition(TopicPartition tp, Uuid topicId, LogConfig config) throws IOException {
        Partition existing = partitions.get(tp);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = partitions.get(tp);
            if (existing != null) {
                return existing;
            }
            PartitionLog log = logManager.getOrCreateLog(tp, config);
            if (topicId != null && !Uuid.ZERO_UUID.equals(topicId) && PartitionMetadataFile.read(log.dir()).isEmpty()) {
                PartitionMetadataFile.write(log.dir(), topicId);
            }
            Partition partition = new Partition(tp, topicId, log, nodeId, purgatory);
            partitions.put(tp, partition);
            return partition;
        }
    }

    /**
     * The id of the topic whose log for {@code tp} is here, when it has one and the id is known: a hosted partition's
     * own id (recorded when it was created), else what the log's partition.metadata says — read from disk only for
     * logs no partition was opened over yet (at start-up), not on every metadata image.
     */
    public Optional<Uuid> recordedTopicId(TopicPartition tp) {
        Partition hosted = partitions.get(tp);
        if (hosted != null && hosted.topicId() != null && !Uuid.ZERO_UUID.equals(hosted.topicId())) {
            return Optional.of(hosted.topicId());
        }
        return logManager.getLog(tp).flatMap(log -> PartitionMetadataFile.read(log.dir()));
    }

    /** Stops hosting {@code tp} and deletes its log (also a log on disk that no partition was opened over). */
    public synchronized void deletePartition(TopicPartition tp) throws IOException {
        Partition removed = partitions.remove(tp);
        if (removed != null) {
            removed.stopReplica();
        }
        logManager.deleteLog(tp);
    }

    /** Whether this broker hosts {@code tp} or still has its log on disk. */
    public boolean hasReplica(TopicPartition tp) {
        return partitions.containsKey(tp) || logManager.getLog(tp).isPresent();
    }

    /** True in cluster mode, where partitions this broker does not host may exist on others. */
    public boolean clustered() {
        return clustered;
    }

    public void clustered(boolean value) {
        this.clustered = value;
    }

    /** The replication throttles (cluster mode; none on a single node). */
    public ReplicationThrottles throttles() {
        return throttles;
    }

    public void throttles(ReplicationThrottles value) {
        this.throttles = value;
    }

    public FetchPurgatory purgatory() {
        return purgatory;
    }

    public LogManager logManager() {
        return logManager;
    }

    public int nodeId() {
        return nodeId;
    }
}
