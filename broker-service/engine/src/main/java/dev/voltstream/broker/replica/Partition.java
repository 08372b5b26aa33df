package dev.voltstream.broker.replica;

import java.io.IOException;
import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.record.MemoryRecords;

import dev.voltstream.broker.storage.LogAppendResult;
import dev.voltstream.broker.storage.LogReadResult;
import dev.voltstream.broker.storage.PartitionLog;

/**
 * One partition replica hosted here: its log plus the replication state that every partition has from day one —
 * the leader, the leader epoch, the replicas and in-sync replicas, and the high watermark (the end of what consumers
 * may see). On a single node the leader is the only in-sync replica, so the high watermark follows the log end.
 */
public final class Partition {
    private final TopicPartition topicPartition;
    private final Uuid topicId;
    private final PartitionLog log;
    private final int leaderId;
    private final AppendListener appendListener;
    private volatile int leaderEpoch;
    private volatile long highWatermark;

    /** Told after every append, so waiting fetches can complete. */
    @FunctionalInterface
    public interface AppendListener {
        void onAppend(TopicPartition partition, int bytes);
    }

    public Partition(TopicPartition topicPartition, Uuid topicId, PartitionLog log, int leaderId,
                     AppendListener appendListener) {
        this.topicPartition = topicPartition;
        this.topicId = topicId;
        this.log = log;
        this.leaderId = leaderId;
        this.appendListener = appendListener;
        this.leaderEpoch = Math.max(0, log.latestEpoch());
        this.highWatermark = log.logEndOffset();
    }

    public LogAppendResult appendAsLeader(MemoryRecords records) throws IOException {
        LogAppendResult result = log.appendAsLeader(records, leaderEpoch);
        if (!result.duplicate()) {
            highWatermark = log.logEndOffset();
            appendListener.onAppend(topicPartition, records.sizeInBytes());
        }
        return result;
    }

    /** Reads committed records only: nothing at or above the high watermark. */
    public LogReadResult read(long fetchOffset, int maxBytes, boolean minOneBatch) throws IOException {
        return log.read(fetchOffset, maxBytes, highWatermark, minOneBatch);
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public Uuid topicId() {
        return topicId;
    }

    public PartitionLog log() {
        return log;
    }

    public int leaderId() {
        return leaderId;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public List<Integer> replicas() {
        return List.of(leaderId);
    }

    public List<Integer> inSyncReplicas() {
        return List.of(leaderId);
    }

    public long highWatermark() {
        return highWatermark;
    }

    public long logStartOffset() {
        return log.logStartOffset();
    }

    public long logEndOffset() {
        return log.logEndOffset();
    }
}
