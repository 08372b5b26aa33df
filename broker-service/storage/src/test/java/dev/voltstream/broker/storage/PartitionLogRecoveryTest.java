package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart after a clean close and after a simulated kill -9: the log is reopened without closing the old instance,
 * so no clean-shutdown marker exists and the index files are still preallocated.
 */
class PartitionLogRecoveryTest {
    private static final TopicPartition TP = new TopicPartition("payments", 1);
    private static final Map<String, String> SMALL = Map.of("segment.bytes", "4000", "index.interval.bytes", "200",
            "segment.index.bytes", "1024");

    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(5_000_000L);
    private PartitionLog log;

    @AfterEach
    void closeLog() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private Path dir() {
        return root.resolve("payments-1");
    }

    private PartitionLog open() throws IOException {
        log = PartitionLog.open(dir(), TP, LogConfig.defaults().withOverrides(SMALL), time);
        return log;
    }

    private Path activeLogFile() throws IOException {
        try (var files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private void fill(int batches) throws IOException {
        for (int i = 0; i < batches; i++) {
            log.appendAsLeader(TestBatches.batch(3, 1000L + i, 30), i / 10);
        }
    }

    @Test
    void cleanRestartKeepsEverything() throws IOException {
        open();
        fill(40);
        byte[] before = TestBatches.bytes(readAll());
        long end = log.logEndOffset();
        log.close();
        assertThat(dir().resolve(LogFileNames.CLEAN_SHUTDOWN)).exists();

        open();

        assertThat(dir().resolve(LogFileNames.CLEAN_SHUTDOWN)).doesNotExist();
        assertThat(log.logEndOffset()).isEqualTo(end);
        assertThat(TestBatches.bytes(readAll())).isEqualTo(before);
        assertThat(log.latestEpoch()).isEqualTo(3);
        assertThat(log.appendAsLeader(TestBatches.batch(1, 1L), 3).firstOffset()).isEqualTo(end);
    }

    @Test
    void uncleanRestartCutsATornTailAndKeepsEverythingBefore() throws IOException {
        open();
        fill(10);
        long goodEnd = log.logEndOffset();
        byte[] good = TestBatches.bytes(readAll());
        log.appendAsLeader(TestBatches.batch(3, 9_999L, 30), 0);
        log.flush();
        Path file = activeLogFile();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 7); // the last batch is torn
        }
        log = null; // killed: never closed

        open();

        assertThat(log.logEndOffset()).isEqualTo(goodEnd);
        assertThat(TestBatches.bytes(readAll())).isEqualTo(good);
        assertThat(log.appendAsLeader(TestBatches.batch(2, 1L), 0).firstOffset()).isEqualTo(goodEnd);
    }

    @Test
    void uncleanRestartCutsAGarbageTail() throws IOException {
        open();
        fill(10);
        long goodEnd = log.logEndOffset();
        byte[] good = TestBatches.bytes(readAll());
        log.flush();
        Path file = activeLogFile();
        long goodSize = Files.size(file);
        byte[] garbage = new byte[333];
        new Random(42).nextBytes(garbage);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(garbage));
        }
        log = null;

        open();

        assertThat(Files.size(file)).isEqualTo(goodSize);
        assertThat(log.logEndOffset()).isEqualTo(goodEnd);
        assertThat(TestBatches.bytes(readAll())).isEqualTo(good);
    }

    @Test
    void uncleanRestartCutsAtACorruptedBatch() throws IOException {
        open();
        fill(3);
        long goodEnd = log.logEndOffset();
        int goodSize = readAll().sizeInBytes();
        fill(2);
        log.flush();
        Path file = activeLogFile();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {0x55}), goodSize + 70); // inside the 4th batch's records
        }
        log = null;

        open();

        assertThat(log.logEndOffset()).isEqualTo(goodEnd);
        assertThat(Files.size(file)).isEqualTo(goodSize);
    }

    @Test
    void missingIndexesAreRebuilt() throws IOException {
        open();
        fill(60);
        assertThat(log.numberOfSegments()).isGreaterThan(2);
        byte[] before = TestBatches.bytes(readAll());
        long end = log.logEndOffset();
        log.close();
        Files.delete(dir().resolve(LogFileNames.prefix(0) + ".index"));
        Files.delete(dir().resolve(LogFileNames.prefix(0) + ".timeindex"));

        open();

        assertThat(dir().resolve(LogFileNames.prefix(0) + ".index")).exists();
        assertThat(TestBatches.bytes(readAll())).isEqualTo(before);
        for (long offset = 0; offset < end; offset += 7) {
            assertThat(TestBatches.offsetsOf(log.read(offset, 1, Long.MAX_VALUE, true).records())).contains(offset);
        }
        assertThat(log.offsetForTimestamp(1005L)).map(TimestampAndOffset::offset).contains(15L);
    }

    /** Reads the whole log by following batches, segment after segment. */
    private org.apache.kafka.common.record.MemoryRecords readAll() throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) log.sizeInBytes());
        long offset = log.logStartOffset();
        while (offset < log.logEndOffset()) {
            LogReadResult read = log.read(offset, Integer.MAX_VALUE, Long.MAX_VALUE, true);
            ByteBuffer chunk = ByteBuffer.allocate(read.size());
            read.slice().fileChannel().read(chunk, read.slice().position());
            all.put(chunk.flip());
            long last = offset;
            for (var batch : read.records().batches()) {
                last = batch.nextOffset();
            }
            offset = last;
        }
        return org.apache.kafka.common.record.MemoryRecords.readableRecords(all.flip());
    }
}
