package dev.voltstream.broker.replica;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

import dev.voltstream.broker.storage.AbortedTxn;
import dev.voltstream.broker.storage.EpochEndOffset;
import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogReadResult;
import dev.voltstream.broker.storage.PartitionLog;
import dev.voltstream.broker.storage.ProducerInfo;
import dev.voltstream.broker.storage.TimestampAndOffset;

/**
 * One partition replica hosted here: its log plus the replication state — the leader, the leader epoch, the replicas
 * and in-sync replicas, and the high watermark (the end of what consumers may see). A leader advances the high
 * watermark to the smallest log end offset among the ISR; a follower takes it from its leader's fetch responses. On a
 * single node the leader is the only in-sync replica, so the high watermark follows the log end. The ISR itself —
 * followers' progress, expansion and shrinking, the pending proposal — is {@link IsrState}.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private final int localId;
    private final AppendListener appendListener;
    private final IsrState isr;
    private volatile int leaderId;
    private volatile int leaderEpoch;
    private volatile List<Integer> replicas;
    private volatile long highWatermark;
    /** acks=all produces waiting for the high watermark to pass their last offset. */
    private final List<HighWatermarkWaiter> waiters = new ArrayList<>();

    /** Told after every append, so waiting fetches can complete. */
    @FunctionalInterface
    public interface AppendListener {
        void onAppend(TopicPartition partition, int bytes);
    }

    private record HighWatermarkWaiter(long offset, CompletableFuture<Errors> future) {
    }

    public Partition(TopicPartition topicPartition, Uuid topicId, PartitionLog log, int leaderId,
                     AppendListener appendListener) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.localId = leaderId;
        this.leaderId = leaderId;
        this.appendListener = appendListener;
        this.leaderEpoch = Math.max(0, log.latestEpoch());
        this.replicas = List.of(leaderId);
        this.isr = new IsrState(this, leaderId);
        this.highWatermark = log.logEndOffset();
        log.boundCleaningBy(this::highWatermark);
    }

    /** Cluster mode: where ISR changes go. */
    public void isrChanger(IsrChanger changer) {
        isr.changer(changer);
    }

    /** Becomes (or stays) the leader at {@code epoch} with the committed replicas and ISR. */
    public synchronized void makeLeader(int epoch, List<Integer> newReplicas, List<Integer> newIsr, long nowMs) {
        boolean newTerm = leaderId != localId || epoch != leaderEpoch;
        leaderId = localId;
        leaderEpoch = epoch;
        replicas = List.copyOf(newReplicas);
        isr.lead(replicas, newIsr, newTerm, nowMs);
        if (highWatermark > log.logEndOffset()) {
            highWatermark = log.logEndOffset();
        }
        maybeAdvanceHighWatermark();
    }

    /** Follows {@code leader} at {@code epoch}: produces waiting here fail, so their clients look for the leader. */
    public synchronized void makeFollower(int leader, int epoch, List<Integer> newReplicas, List<Integer> newIsr) {
        leaderId = leader;
        leaderEpoch = epoch;
        replicas = List.copyOf(newReplicas);
        isr.follow(newIsr);
        failWaiters(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    /** This broker no longer hosts the partition: it leads nothing, and produces waiting here go elsewhere. */
    public synchronized void stopReplica() {
        leaderId = -1;
        isr.forgetFollowers();
        failWaiters(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    public boolean isLeader() {
        return leaderId == localId;
    }

    public LogAppendResult appendAsLeader(MemoryRecords records) throws IOException {
        LogAppendResult result;
        synchronized (this) {
            if (!isLeader()) {
                throw new NotLeaderOrFollowerException("Broker " + localId + " is not the leader of "
                        + topicPartition + " (leader: " + leaderId + ")");
            }
            result = log.appendAsLeader(records, leaderEpoch);
            if (!result.duplicate()) {
                maybeAdvanceHighWatermark();
            }
        }
        if (!result.duplicate()) {
            appendListener.onAppend(topicPartition, records.sizeInBytes());
        }
        return result;
    }

    /** Appends a transaction marker (commit or abort) for {@code producerId} as leader; see PartitionLog. */
    public LogAppendResult appendTransactionMarker(long producerId, short producerEpoch, int coordinatorEpoch,
                                                   boolean commit) throws IOException {
        LogAppendResult result;
        synchronized (this) {
            if (!isLeader()) {
                throw new NotLeaderOrFollowerException("Broker " + localId + " is not the leader of "
                        + topicPartition + " (leader: " + leaderId + ")");
            }
            result = log.appendTransactionMarker(producerId, producerEpoch, coordinatorEpoch, commit, leaderEpoch);
            maybeAdvanceHighWatermark();
        }
        // A marker makes a whole transaction readable at once for read_committed fetches: wake every waiter.
        appendListener.onAppend(topicPartition, 1 << 20);
        return result;
    }

    /**
     * The last stable offset: the high watermark, or the first offset of the oldest open transaction when that is
     * lower. read_committed consumers read only below it.
     */
    public long lastStableOffset() {
        long hw = highWatermark;
        return Math.min(hw, log.firstUnstableOffset().orElse(hw));
    }

    /** A read_committed read: nothing at or above the last stable offset. */
    public LogReadResult readCommitted(long fetchOffset, int maxBytes, boolean minOneBatch) throws IOException {
        return log.read(fetchOffset, maxBytes, lastStableOffset(), minOneBatch);
    }

    /** Replication: appends batches fetched from the leader (offsets and epochs as the leader gave them). */
    public LogAppendResult appendAsFollower(MemoryRecords records) throws IOException {
        return log.appendAsFollower(records);
    }

    /** A follower learns the high watermark from its leader (never beyond its own log end). */
    public void followerHighWatermark(long leaderHighWatermark) {
        long hw = Math.min(leaderHighWatermark, log.logEndOffset());
        if (hw > highWatermark || highWatermark > log.logEndOffset()) {
            highWatermark = hw;
        }
    }

    /** Reads committed records only: nothing at or above the high watermark. */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) throws IOException {
        return log.read(fetchOffset, maxBytes, highWatermark, minOneBatch);
    }

    /** A follower's fetch: everything up to the log end, and its fetch offset is its log end offset. */
    public LogReadResult readForReplica(int replicaId, long fetchOffset, int maxBytes, long nowMs)
            throws IOException {
        recordFollowerFetch(replicaId, fetchOffset, nowMs);
        return log.read(fetchOffset, maxBytes, Long.MAX_VALUE, true);
    }

    /**
     * A follower's fetch answered without records (its replication is throttled): its position still counts, as in
     * Kafka, so the leader knows where it is.
     */
    public void recordFollowerPosition(int replicaId, long fetchOffset, long nowMs) {
        recordFollowerFetch(replicaId, fetchOffset, nowMs);
    }

    private void recordFollowerFetch(int replicaId, long fetchOffset, long nowMs) {
        long before = highWatermark;
        synchronized (this) {
            if (!isLeader()) {
                throw new NotLeaderOrFollowerException("Broker " + localId + " is not the leader of "
                        + topicPartition);
            }
            if (!isr.recordFetch(replicaId, fetchOffset, log.logEndOffset(), highWatermark, leaderEpoch, nowMs)) {
                return;
            }
            maybeAdvanceHighWatermark();
        }
        if (highWatermark > before) {
            appendListener.onAppend(topicPartition, (int) Math.min(Integer.MAX_VALUE, highWatermark - before));
        }
    }

    /** Leader: drops followers that were not caught up within {@code lagMaxMs} from the ISR. */
    public void maybeShrinkIsr(long nowMs, long lagMaxMs) {
        synchronized (this) {
            if (!isLeader() || isr.changePending()) {
                return;
            }
            if (isr.dropStaleJoiners(nowMs, lagMaxMs)) {
                maybeAdvanceHighWatermark();
            }
            isr.maybeShrink(nowMs, lagMaxMs, leaderEpoch);
        }
    }

    private void maybeAdvanceHighWatermark() {
        long candidate = isr.highWatermarkBound(log.logEndOffset());
        if (candidate > highWatermark) {
            highWatermark = candidate;
            completeWaiters();
        }
    }

    /**
     * acks=all: completes with NONE once the high watermark passes {@code lastOffset}, with NOT_LEADER_OR_FOLLOWER
     * if this broker stops leading first. The caller adds its own timeout.
     */
    public synchronized CompletableFuture<Errors> awaitReplication(long lastOffset) {
        CompletableFuture<Errors> future = new CompletableFuture<>();
        if (highWatermark > lastOffset) {
            future.complete(Errors.NONE);
        } else if (!isLeader()) {
            future.complete(Errors.NOT_LEADER_OR_FOLLOWER);
        } else {
            waiters.add(new HighWatermarkWaiter(lastOffset, future));
        }
        return future;
    }

    private void completeWaiters() {
        for (Iterator<HighWatermarkWaiter> it = waiters.iterator(); it.hasNext(); ) {
            HighWatermarkWaiter w = it.next();
            if (highWatermark > w.offset()) {
                it.remove();
                w.future().complete(Errors.NONE);
            }
        }
    }

    private void failWaiters(Errors error) {
        List<HighWatermarkWaiter> failed = new ArrayList<>(waiters);
        waiters.clear();
        failed.forEach(w -> w.future().complete(error));
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    /** The log itself, for this package (and its tests) only: everyone else goes through the methods below. */
    PartitionLog log() {
        return log;
    }

    public LogConfig config() {
        return log.config();
    }

    /** A topic's configuration changed (retention, segment sizes, ...). */
    public void updateConfig(LogConfig config) {
        log.updateConfig(config);
    }

    /** The latest leader epoch in this replica's log, -1 when nothing was written. */
    public int latestEpoch() {
        return log.latestEpoch();
    }

    /** OffsetForLeaderEpoch: where {@code epoch} ends in this replica's log. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        return log.endOffsetForEpoch(epoch);
    }

    /** DescribeProducers: the producers with state in this log. */
    public List<ProducerInfo> activeProducers() {
        return log.activeProducers();
    }

    /** read_committed: the aborted transactions overlapping {@code [fetchOffset, upperBoundOffset)}. */
    public List<AbortedTxn> abortedTransactions(long fetchOffset, long upperBoundOffset) {
        return log.abortedTransactions(fetchOffset, upperBoundOffset);
    }

    /** ListOffsets: the first record at or after {@code timestamp}. */
    public Optional<TimestampAndOffset> offsetForTimestamp(long timestamp) throws IOException {
        return log.offsetForTimestamp(timestamp);
    }

    /** ListOffsets MAX_TIMESTAMP: the record with the largest timestamp. */
    public Optional<TimestampAndOffset> maxTimestampAndOffset() throws IOException {
        return log.maxTimestampAndOffset();
    }

    /** DeleteRecords, and a follower following its leader's log start: returns the new log start offset. */
    public long deleteRecordsBefore(long offset) throws IOException {
        return log.deleteRecordsBefore(offset);
    }

    /** A follower drops what diverged from its leader's log. */
    public void truncateTo(long offset) throws IOException {
        log.truncateTo(offset);
    }

    /** A follower behind its leader's log start starts empty there. */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        log.truncateFullyAndStartAt(offset);
    }

    /**
     * This replica's own log up to {@code maxOffsetExclusive}, whatever the high watermark: for a coordinator
     * replaying the partition it leads (the group log), never for clients.
     */
    public LogReadResult readLocal(long fetchOffset, int maxBytes, long maxOffsetExclusive) throws IOException {
        return log.read(fetchOffset, maxBytes, maxOffsetExclusive, true);
    }

    public int leaderId() {
        return leaderId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public List<Integer> replicas() {
        return replicas;
    }

    public List<Integer> inSyncReplicas() {
        return isr.isr();
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    /** Whether this replica's log dir failed: the log refuses reads and writes until the broker restarts. */
    public boolean isOffline() {
        return log.isOffline();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }
}
