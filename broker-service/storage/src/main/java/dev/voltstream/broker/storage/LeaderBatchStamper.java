package dev.voltstream.broker.storage;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.TimestampType;

/**
 * Rewrites the only header fields the leader owns in a client's batches: base offset, partition leader epoch and, for
 * LogAppendTime topics, the max timestamp (which also recomputes the CRC). Everything else stays byte-for-byte.
 */
final class LeaderBatchStamper {
    private LeaderBatchStamper() {
    }

    /** Stamps the batches with offsets from {@code firstOffset}; returns the number of records. */
    static int stamp(List<MutableRecordBatch> batches, long firstOffset, int leaderEpoch, boolean logAppendTime,
                     long nowMs) {
        long next = firstOffset;
        for (MutableRecordBatch batch : batches) {
            int count = batch.countOrNull();
            batch.setLastOffset(next + count - 1);
            batch.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime) {
                batch.setMaxTimestamp(TimestampType.LOG_APPEND_TIME, nowMs);
            }
            next += count;
        }
        return (int) (next - firstOffset);
    }

    /** The records themselves, or a copy when their buffer is read-only and cannot be stamped in place. */
    static MemoryRecords writable(MemoryRecords records) {
        ByteBuffer buffer = records.buffer();
        if (!buffer.isReadOnly()) {
            return records;
        }
        ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
        copy.put(buffer).flip();
        return MemoryRecords.readableRecords(copy);
    }
}
