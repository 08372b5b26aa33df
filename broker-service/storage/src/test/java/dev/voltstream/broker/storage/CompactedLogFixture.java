package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compacted log with small segments on a clock the test moves, cleaned on demand, and ways to read it back. */
abstract class CompactedLogFixture {
    static final TopicPartition TP = new TopicPartition("station-status", 0);
    static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact", "segment.bytes", "1200",
            "segment.index.bytes", "1200", "index.interval.bytes", "100", "delete.retention.ms", "1000",
            "file.delete.delay.ms", "0", "min.cleanable.dirty.ratio", "0.01");
    static final CleanerConfig CLEANER = new CleanerConfig(true, 1, 1024 * 1024, 0.9, 4096, Double.MAX_VALUE, 10);

    @TempDir
    Path root;
    final ManualTime time = new ManualTime(1_000_000L);
    PartitionLog log;

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    PartitionLog open(Map<String, String> overrides) throws IOException {
        Map<String, String> configs = new LinkedHashMap<>(COMPACT);
        configs.putAll(overrides);
        log = PartitionLog.open(root.resolve("station-status-0"), TP, LogConfig.defaults().withOverrides(configs),
                time);
        return log;
    }

    int clean() {
        return new LogCleaner(CLEANER, () -> List.of(log), time).cleanNow();
    }

    static MemoryRecords keyed(String key, String value) {
        return MemoryRecords.withRecords(Compression.NONE, record(key, value));
    }

    static SimpleRecord record(String key, String value) {
        return new SimpleRecord(1_000_000L, key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code rounds} values for each of {@code keys} keys: value "r<round>" at key "k<key>". */
    void writeRounds(int rounds, int keys) throws IOException {
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < keys; k++) {
                log.appendAsLeader(keyed("k" + k, "r" + r), 0);
            }
        }
    }

    /** Every record of the log in offset order: offset -> "key=value" (value "null" for a tombstone). */
    static Map<Long, String> contents(PartitionLog log) throws IOException {
        Map<Long, String> out = new LinkedHashMap<>();
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            var read = log.read(offset, 1 << 20, Long.MAX_VALUE, true);
            long next = offset;
            for (RecordBatch batch : read.records().batches()) {
                if (!batch.isControlBatch()) {
                    for (Record r : batch) {
                        out.put(r.offset(), str(r.key()) + "=" + (r.hasValue() ? str(r.value()) : "null"));
                    }
                }
                next = batch.nextOffset();
            }
            if (next == offset) {
                break;
            }
            offset = next;
        }
        return out;
    }

    /** The last value of each key, as a consumer from the beginning would fold it. */
    static Map<String, String> latest(Map<Long, String> contents) {
        Map<String, String> latest = new LinkedHashMap<>();
        contents.values().forEach(kv -> latest.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        return latest;
    }

    private static String str(java.nio.ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    long activeBase() throws IOException {
        try (Stream<Path> files = Files.list(log.dir())) {
            return files.map(p -> LogFileNames.baseOffset(p.getFileName().toString(), LogFileNames.LOG_SUFFIX))
                    .filter(o -> o.isPresent()).mapToLong(o -> o.getAsLong()).max().orElseThrow();
        }
    }

    void assertNoCleanerLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(log.dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(LogFileNames.CLEANED_SUFFIX) || n.endsWith(LogFileNames.SWAP_SUFFIX));
        }
    }
}
