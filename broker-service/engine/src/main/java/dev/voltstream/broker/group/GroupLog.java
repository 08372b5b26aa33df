package dev.voltstream.broker.group;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.LogReadResult;
import dev.voltstream.broker.storage.PartitionLog;

/**
 * The durable side of the coordinator: {@link GroupRecord}s appended to partition 0 of the internal
 * {@code __consumer_offsets} log and replayed at start. Kafka compacts that topic; we get the same effect by
 * rewriting the live state at the end of the log now and then and dropping everything before it.
 */
final class GroupLog {
    static final TopicPartition PARTITION = new TopicPartition("__consumer_offsets", 0);
    private static final int READ_BYTES = 1024 * 1024;

    private final PartitionLog log;
    private long recordsSinceSnapshot;

    private GroupLog(PartitionLog log) {
        this.log = log;
    }

    /** Opens (or creates) the log with no time or size retention: records leave it only by {@link #rewrite}. */
    static GroupLog open(LogManager logs, LogConfig brokerDefaults) throws IOException {
        LogConfig config = brokerDefaults.withOverrides(Map.of(
                LogConfig.RETENTION_MS, "-1",
                LogConfig.RETENTION_BYTES, "-1",
                LogConfig.SEGMENT_BYTES, Integer.toString(100 * 1024 * 1024)));
        PartitionLog log = logs.getOrCreateLog(PARTITION, config);
        log.updateConfig(config);
        return new GroupLog(log);
    }

    void append(List<GroupRecord> records, long nowMs) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        SimpleRecord[] encoded = records.stream().map(r -> GroupRecordCodec.encode(r, nowMs))
                .toArray(SimpleRecord[]::new);
        log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE, encoded), 0);
        recordsSinceSnapshot += encoded.length;
    }

    /** Feeds every record from the log start to the end to {@code visitor}, oldest first. */
    void replay(Consumer<GroupRecord> visitor) throws IOException {
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        long count = 0;
        while (offset < end) {
            LogReadResult read = log.read(offset, READ_BYTES, end, true);
            if (read.size() == 0) {
                break;
            }
            for (RecordBatch batch : read.records().batches()) {
                for (Record record : batch) {
                    if (record.offset() >= offset && record.hasKey()) {
                        visitor.accept(GroupRecordCodec.decode(record));
                        count++;
                    }
                }
                offset = batch.nextOffset();
            }
        }
        recordsSinceSnapshot = count;
    }

    /** Whether the log holds many more records than the live state: then {@link #rewrite} pays off. */
    boolean worthRewriting(long liveRecords) {
        return recordsSinceSnapshot > Math.max(10_000, 4 * liveRecords);
    }

    /**
     * Appends the whole live state and then drops everything before it. A crash in between leaves both copies, which
     * replay handles (later records win).
     */
    void rewrite(List<GroupRecord> liveState, long nowMs) throws IOException {
        long snapshotStart = log.logEndOffset();
        for (int i = 0; i < liveState.size(); i += 500) {
            append(liveState.subList(i, Math.min(liveState.size(), i + 500)), nowMs);
        }
        log.deleteRecordsBefore(snapshotStart);
        recordsSinceSnapshot = liveState.size();
    }
}
