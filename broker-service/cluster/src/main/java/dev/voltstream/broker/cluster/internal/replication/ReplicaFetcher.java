package dev.voltstream.broker.cluster.internal.replication;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicationThrottles;
import dev.voltstream.broker.security.InterBrokerSecurity;
import dev.voltstream.broker.storage.EpochEndOffset;

/**
 * Replicates every partition this broker follows from one leader broker, on its own thread: truncates each newly
 * followed partition to where its log agrees with the leader's (by leader epoch), then fetches in a loop from the log
 * ends, appending what comes back and taking the leader's high watermark.
 */
final class ReplicaFetcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFetcher.class);
    private static final short FETCH_VERSION = 12;
    private static final short OFFSET_FOR_LEADER_EPOCH_VERSION = 4;
    /** Waits this long or longer are logged: a follower that lags so long holds back acks=all produce. */
    private static final long SLOW_MS = 1_000;

    private final int localId;
    private final int leaderId;
    private final int maxWaitMs;
    private final ReplicationThrottles throttles;
    private final InterBrokerSecurity security;
    private final Map<TopicPartition, FollowedPartition> partitions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile String host;
    private volatile int port;
    private volatile boolean running = true;
    private volatile LeaderConnection connection;
    private String lastFailure;

    ReplicaFetcher(int localId, int leaderId, String host, int port, int maxWaitMs, ReplicationThrottles throttles,
                   InterBrokerSecurity security) {
        this.localId = localId;
        this.security = security;
        this.throttles = throttles;
        this.leaderId = leaderId;
        this.host = host;
        this.port = port;
        this.maxWaitMs = maxWaitMs;
        this.thread = new Thread(this, "replica-fetcher-" + localId + "-from-" + leaderId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void add(FollowedPartition followed) {
        partitions.put(followed.partition.topicPartition(), followed);
        synchronized (this) {
            notifyAll();
        }
    }

    FollowedPartition get(TopicPartition tp) {
        return partitions.get(tp);
    }

    void remove(TopicPartition tp) {
        partitions.remove(tp);
    }

    void address(String newHost, int newPort) {
        if (!newHost.equals(host) || newPort != port) {
            host = newHost;
            port = newPort;
            disconnect();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (partitions.isEmpty()) {
                    synchronized (this) {
                        wait(100);
                    }
                    continue;
                }
                if (connection == null) {
                    connection = new LeaderConnection(host, port, maxWaitMs + 10_000, "replica-" + localId,
                            security);
                }
                truncate();
                if (fetch()) {
                    lastFailure = null;
                } else {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    // A leader going away fails every round the same way: one WARN per new cause, not per round.
                    String cause = e.toString();
                    if (!cause.equals(lastFailure)) {
                        LOG.warn("Fetching from broker {} failed: {}", leaderId, cause);
                        lastFailure = cause;
                    } else {
                        LOG.debug("Fetching from broker {} failed again: {}", leaderId, cause);
                    }
                }
                disconnect();
                sleepQuietly(100);
            }
        }
        disconnect();
    }

    /** OffsetForLeaderEpoch for the partitions not yet truncated; truncates each to where it agrees. */
    private void truncate() throws IOException {
        List<FollowedPartition> pending = partitions.values().stream().filter(f -> !f.truncated).toList();
        if (pending.isEmpty()) {
            return;
        }
        OffsetForLeaderEpochRequestData request = new OffsetForLeaderEpochRequestData().setReplicaId(localId);
        Map<String, OffsetForLeaderTopic> topics = new LinkedHashMap<>();
        for (FollowedPartition f : pending) {
            int latest = f.partition.latestEpoch();
            if (latest < 0) {
                f.truncated = true; // nothing written yet: nothing can diverge
                continue;
            }
            topics.computeIfAbsent(f.partition.topicPartition().topic(), t -> new OffsetForLeaderTopic().setTopic(t))
                    .partitions().add(new OffsetForLeaderPartition().setPartition(f.partition.topicPartition()
                            .partition()).setCurrentLeaderEpoch(f.leaderEpoch).setLeaderEpoch(latest));
        }
        if (topics.isEmpty()) {
            return;
        }
        request.topics().addAll(topics.values());
        long sent = System.nanoTime();
        OffsetForLeaderEpochResponseData response = (OffsetForLeaderEpochResponseData) connection.call(
                ApiKeys.OFFSET_FOR_LEADER_EPOCH, OFFSET_FOR_LEADER_EPOCH_VERSION, request);
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        if (tookMs >= SLOW_MS) {
            LOG.info("OffsetForLeaderEpoch for {} partition(s) from broker {} took {} ms", pending.size(), leaderId,
                    tookMs);
        }
        for (var topic : response.topics()) {
            for (var result : topic.partitions()) {
                FollowedPartition f = partitions.get(new TopicPartition(topic.topic(), result.partition()));
                if (f == null) {
                    continue;
                }
                if (result.errorCode() != Errors.NONE.code()) {
                    leaderRefused(f, Errors.forCode(result.errorCode()));
                    continue;
                }
                Partition replica = f.partition;
                long target = replica.logEndOffset();
                if (result.endOffset() >= 0) {
                    target = Math.min(target, result.endOffset());
                    if (result.leaderEpoch() < replica.latestEpoch()) {
                        EpochEndOffset ours = replica.endOffsetForEpoch(result.leaderEpoch());
                        if (ours.endOffset() >= 0) {
                            target = Math.min(target, ours.endOffset());
                        }
                    }
                }
                if (target < replica.logEndOffset()) {
                    long from = replica.logEndOffset();
                    long start = System.nanoTime();
                    replica.truncateTo(target);
                    LOG.info("Truncated {} from {} to {} in {} ms (leader {} epoch {})", replica.topicPartition(), from,
                            target, (System.nanoTime() - start) / 1_000_000, leaderId, f.leaderEpoch);
                }
                f.truncated = true;
                long waitedMs = (System.nanoTime() - f.followedAtNanos) / 1_000_000;
                if (waitedMs >= SLOW_MS) {
                    LOG.info("{}: agreed with leader {} at epoch {} only {} ms after following it",
                            replica.topicPartition(), leaderId, f.leaderEpoch, waitedMs);
                }
            }
        }
    }

    /** One fetch round; false when nothing could be fetched (so the caller backs off). */
    private boolean fetch() throws IOException {
        List<FollowedPartition> ready = new ArrayList<>();
        Map<String, FetchRequestData.FetchTopic> topics = new LinkedHashMap<>();
        for (FollowedPartition f : partitions.values()) {
            if (!f.truncated) {
                continue;
            }
            Partition p = f.partition;
            ReplicationThrottles.Quota quota = throttles.followerQuotaFor(p);
            if (quota != null && quota.exceeded()) {
                continue; // Kafka's follower throttle: this partition waits until the window's rate is back down
            }
            ready.add(f);
            topics.computeIfAbsent(p.topicPartition().topic(), t -> new FetchRequestData.FetchTopic().setTopic(t))
                    .partitions().add(new FetchRequestData.FetchPartition()
                            .setPartition(p.topicPartition().partition())
                            .setCurrentLeaderEpoch(f.leaderEpoch)
                            .setFetchOffset(p.logEndOffset())
                            .setLogStartOffset(p.logStartOffset())
                            .setPartitionMaxBytes(1024 * 1024));
        }
        if (ready.isEmpty()) {
            return false;
        }
        FetchRequestData request = new FetchRequestData().setReplicaId(localId).setMaxWaitMs(maxWaitMs)
                .setMinBytes(1).setMaxBytes(16 * 1024 * 1024).setIsolationLevel((byte) 0).setSessionId(0)
                .setSessionEpoch(-1);
        request.topics().addAll(topics.values());
        long sent = System.nanoTime();
        FetchResponseData response = (FetchResponseData) connection.call(ApiKeys.FETCH, FETCH_VERSION, request);
        long tookMs = (System.nanoTime() - sent) / 1_000_000;
        if (tookMs >= maxWaitMs + SLOW_MS) {
            LOG.info("A fetch of {} partition(s) from broker {} took {} ms (max wait {} ms)", ready.size(), leaderId,
                    tookMs, maxWaitMs);
        }
        if (response.errorCode() != Errors.NONE.code()) {
            return false;
        }
        boolean progress = true;
        for (FetchResponseData.FetchableTopicResponse topic : response.responses()) {
            for (FetchResponseData.PartitionData data : topic.partitions()) {
                FollowedPartition f = partitions.get(new TopicPartition(topic.topic(), data.partitionIndex()));
                if (f == null) {
                    continue;
                }
                Errors error = Errors.forCode(data.errorCode());
                if (error == Errors.NONE) {
                    f.lastError = null;
                    MemoryRecords records = (MemoryRecords) data.records();
                    if (records != null && records.sizeInBytes() > 0) {
                        f.partition.appendAsFollower(records);
                        ReplicationThrottles.Quota quota = throttles.followerQuotaFor(f.partition);
                        if (quota != null) {
                            quota.record(records.sizeInBytes());
                        }
                    }
                    f.partition.followerHighWatermark(data.highWatermark());
                    followLogStart(f.partition, data.logStartOffset());
                } else if (error == Errors.OFFSET_OUT_OF_RANGE) {
                    outOfRange(f, data.logStartOffset());
                } else {
                    // Not the leader (yet), or another epoch: new metadata will tell where to fetch.
                    leaderRefused(f, error);
                    progress = false;
                }
            }
        }
        return progress;
    }

    /** Not the leader (yet), or another epoch: one line per partition and error, not one per round. */
    private void leaderRefused(FollowedPartition f, Errors error) {
        if (!error.name().equals(f.lastError)) {
            LOG.info("Broker {} refused {} at epoch {}: {}; waiting for new metadata", leaderId,
                    f.partition.topicPartition(), f.leaderEpoch, error.name());
            f.lastError = error.name();
        }
    }

    /**
     * Behind the leader's log start (it deleted what we would fetch next, while we were away): nothing to keep, start
     * empty there. Otherwise we are ahead of the leader and the epochs must be compared again.
     */
    private void outOfRange(FollowedPartition f, long leaderLogStart) throws IOException {
        Partition replica = f.partition;
        if (leaderLogStart > replica.logEndOffset()) {
            LOG.info("{} ends at {}, below the leader's log start {}: starting empty there",
                    f.partition.topicPartition(), replica.logEndOffset(), leaderLogStart);
            replica.truncateFullyAndStartAt(leaderLogStart);
        } else {
            f.truncated = false;
        }
    }

    /** The leader's log start moved (DeleteRecords, retention): drop what lies below it here too. */
    private static void followLogStart(Partition replica, long leaderLogStart) throws IOException {
        if (leaderLogStart > replica.logStartOffset() && leaderLogStart <= replica.logEndOffset()) {
            replica.deleteRecordsBefore(leaderLogStart);
        }
    }

    private void disconnect() {
        LeaderConnection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isEmpty() {
        return partitions.isEmpty();
    }

    /**
     * Stops without waiting: closing the socket ends a fetch blocked in a read, and the loop's own waits are short.
     * Never {@code Thread.interrupt()}: the thread may be inside a log's FileChannel (appending, truncating), and an
     * interrupt there closes that channel for good (ClosedByInterruptException) — the partition could then neither
     * truncate nor append on this broker until a restart, and never rejoined the ISR (found by the chaos soak).
     */
    void shutdown() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        disconnect();
    }
}
