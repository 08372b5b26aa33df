package dev.voltstream.broker.transaction;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.LogReadResult;
import dev.voltstream.broker.storage.PartitionLog;

/**
 * The durable side of the single node's transaction coordinator: every {@link TransactionMetadata} it adopts is
 * first appended (and flushed) to the local partition {@code __transaction_state-0}, and the log is replayed, last
 * record per id winning, when the broker starts. Kafka compacts this topic; like the group log, we rewrite the live
 * state at the end now and then and drop everything before it.
 */
final class TransactionLog implements TransactionStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLog.class);
    static final String TOPIC = TransactionCoordinator.TOPIC;
    static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    /** Compacted as in Kafka, no time or size retention: records also leave the log by {@link #rewrite}. */
    static final Map<String, String> LOG_CONFIGS = Map.of(
            "cleanup.policy", "compact",
            LogConfig.RETENTION_MS, "-1",
            LogConfig.RETENTION_BYTES, "-1",
            LogConfig.MAX_MESSAGE_BYTES, Integer.toString(16 * 1024 * 1024),
            LogConfig.SEGMENT_BYTES, Integer.toString(100 * 1024 * 1024));
    static final int REWRITE_AFTER_RECORDS = 10_000;
    static final int REWRITE_BATCH = 500;
    static final int READ_BYTES = 1024 * 1024;

    private final PartitionLog log;
    private final Time time;
    private long recordsSinceRewrite;

    private TransactionLog(PartitionLog log, Time time) {
        this.log = log;
        this.time = time;
    }

    static TransactionLog open(LogManager logs, LogConfig brokerDefaults, Time time) throws IOException {
        LogConfig config = brokerDefaults.withOverrides(LOG_CONFIGS);
        PartitionLog log = logs.getOrCreateLog(PARTITION, config);
        log.updateConfig(config);
        return new TransactionLog(log, time);
    }

    @Override
    public Map<String, TransactionMetadata> load() throws IOException {
        Map<String, TransactionMetadata> state = new HashMap<>();
        recordsSinceRewrite += replay(log, state);
        LOG.info("Loaded {} transactional id(s) from {}", state.size(), PARTITION);
        return state;
    }

    /** Replays {@code log} into {@code state} (last record per id wins); returns how many records it read. */
    static long replay(PartitionLog log, Map<String, TransactionMetadata> state) throws IOException {
        return replay(log.logStartOffset(), log.logEndOffset(),
                (offset, end) -> log.read(offset, READ_BYTES, end, true), state);
    }

    /** Reads a log's records from an offset up to an end offset (exclusive), at least one batch. */
    @FunctionalInterface
    interface RangeReader {
        LogReadResult read(long offset, long end) throws IOException;
    }

    /** Replays the records between {@code start} and {@code end} into {@code state}; returns how many were read. */
    static long replay(long start, long end, RangeReader reader, Map<String, TransactionMetadata> state)
            throws IOException {
        long count = 0;
        long offset = start;
        while (offset < end) {
            LogReadResult read = reader.read(offset, end);
            if (read.size() == 0) {
                break;
            }
            for (RecordBatch batch : read.records().batches()) {
                for (Record record : batch) {
                    if (batch.isControlBatch() || !record.hasKey()) {
                        continue;
                    }
                    String id = TransactionRecordCodec.readKey(record.key());
                    if (record.hasValue()) {
                        state.put(id, TransactionRecordCodec.readValue(id, record.value()));
                    } else {
                        state.remove(id);
                    }
                    count++;
                }
                offset = batch.nextOffset();
            }
        }
        return count;
    }

    /** The records of {@code metadata} and of tombstones for {@code tombstones}; null when there are none. */
    static MemoryRecords records(Collection<TransactionMetadata> metadata, Collection<String> tombstones, long now) {
        List<SimpleRecord> records = new ArrayList<>();
        for (TransactionMetadata m : metadata) {
            records.add(new SimpleRecord(now, TransactionRecordCodec.key(m.transactionalId()),
                    TransactionRecordCodec.value(m)));
        }
        for (String id : tombstones) {
            records.add(new SimpleRecord(now, TransactionRecordCodec.key(id), (byte[]) null));
        }
        return records.isEmpty() ? null
                : MemoryRecords.withRecords(Compression.NONE, records.toArray(SimpleRecord[]::new));
    }

    /** Appends {@code metadata} durably; a record of {@code tombstones} says the id is gone. */
    @Override
    public void write(Collection<TransactionMetadata> metadata, Collection<String> tombstones) throws IOException {
        MemoryRecords records = records(metadata, tombstones, time.milliseconds());
        if (records == null) {
            return;
        }
        log.appendAsLeader(records, 0);
        // The coordinator answers only after this: a decided transaction must survive a crash.
        log.flush();
        recordsSinceRewrite += metadata.size() + tombstones.size();
    }

    /** Every {@value #REWRITE_AFTER_RECORDS} records: copies the live state to the end and drops what precedes it. */
    @Override
    public void maybeRewrite(Collection<TransactionMetadata> live) throws IOException {
        if (recordsSinceRewrite < REWRITE_AFTER_RECORDS) {
            return;
        }
        long start = log.logEndOffset();
        List<TransactionMetadata> all = new ArrayList<>(live);
        for (int i = 0; i < all.size(); i += REWRITE_BATCH) {
            write(all.subList(i, Math.min(all.size(), i + REWRITE_BATCH)), List.of());
        }
        log.deleteRecordsBefore(start);
        recordsSinceRewrite = all.size();
    }

}
