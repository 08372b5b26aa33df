package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.FileRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a failing disk under the logs, through the {@link WriteInterceptor} seam: producers get
 * KAFKA_STORAGE_ERROR, no torn batch stays in a segment, reads go on, and a full disk heals by itself once space
 * returns while a failed one takes its dir offline until a restart.
 */
class DiskFaultTest {
    private static final TopicPartition A = new TopicPartition("meter-readings", 0);
    private static final TopicPartition B = new TopicPartition("meter-readings", 1);
    private static final LogConfig SMALL = LogConfig.defaults().withOverrides(Map.of("segment.bytes", "3000",
            "index.interval.bytes", "100", "segment.index.bytes", "4096"));

    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(7_000_000L);
    private ScheduledExecutorService scheduler;
    private LogManager manager;
    private FullDisk disk;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        disk = new FullDisk(10_000);
        manager = new LogManager(List.of(root.resolve("d1")), scheduler, time, disk);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            manager.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aFullDiskRefusesAppendsWithStorageErrorKeepsReadsAndHealsWhenSpaceReturns() throws IOException {
        PartitionLog a = manager.getOrCreateLog(A, SMALL);
        PartitionLog b = manager.getOrCreateLog(B, SMALL);
        b.appendAsLeader(TestBatches.batch(5, 1L, 40), 0);
        long acknowledged = 0;
        KafkaStorageException refused = null;
        for (int i = 0; i < 1_000 && refused == null; i++) {
            try {
                a.appendAsLeader(TestBatches.batch(4, 1L + i, 50), 0);
                acknowledged += 4;
            } catch (KafkaStorageException e) {
                refused = e;
            }
        }

        assertThat(refused).as("the disk filled up").isNotNull();
        assertThat(Errors.forException(refused)).isEqualTo(Errors.KAFKA_STORAGE_ERROR);
        assertThat(disk.refusals).isEqualTo(1);
        assertThat(a.logEndOffset()).isEqualTo(acknowledged);
        assertThat(a.numberOfSegments()).as("rolled while filling").isGreaterThan(1);
        assertThat(a.isOutOfSpace()).isTrue();
        assertThat(a.isOffline()).isFalse();
        assertThat(manager.offlineDirs()).isEmpty();
        assertEveryBatchWholeAndValid(a.dir());
        // Reads of every partition go on.
        assertThat(readAll(a))
                .hasSize((int) acknowledged);
        assertThat(readAll(b))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThatThrownBy(() -> b.appendAsLeader(TestBatches.batch(1, 2L, 40), 0))
                .isInstanceOf(KafkaStorageException.class);

        disk.free(100_000);

        a.appendAsLeader(TestBatches.batch(2, 5_000L, 50), 0);
        b.appendAsLeader(TestBatches.batch(1, 5_000L, 40), 0);
        assertThat(a.logEndOffset()).isEqualTo(acknowledged + 2);
        assertThat(a.isOutOfSpace()).isFalse();
        assertThat(b.logEndOffset()).isEqualTo(6);
        assertThat(readAll(a))
                .hasSize((int) acknowledged + 2).isSorted().doesNotHaveDuplicates();
        assertEveryBatchWholeAndValid(a.dir());
    }

    @Test
    void aFailingDiskTakesTheWholeDirOfflineUntilARestartRecoversIt() throws IOException {
        PartitionLog a = manager.getOrCreateLog(A, SMALL);
        PartitionLog b = manager.getOrCreateLog(B, SMALL);
        a.appendAsLeader(TestBatches.batch(3, 1L, 40), 0);
        b.appendAsLeader(TestBatches.batch(2, 1L, 40), 0);

        disk.breakDisk();

        assertThatThrownBy(() -> a.appendAsLeader(TestBatches.batch(1, 2L, 40), 0))
                .isInstanceOf(KafkaStorageException.class).hasMessageContaining("offline");
        assertThat(manager.offlineDirs()).containsExactly(root.resolve("d1").toAbsolutePath());
        assertThat(a.isOffline()).isTrue();
        assertThat(b.isOffline()).as("every log in the failed dir").isTrue();
        assertThatThrownBy(() -> b.read(0, 1000, Long.MAX_VALUE, true)).isInstanceOf(KafkaStorageException.class);
        assertThatThrownBy(() -> manager.getOrCreateLog(new TopicPartition("new", 0), SMALL))
                .isInstanceOf(KafkaStorageException.class);
        assertThat(a.enforceRetention(time.milliseconds())).isZero();
        manager.close();
        assertThat(root.resolve("d1/meter-readings-0/" + LogFileNames.CLEAN_SHUTDOWN))
                .as("an offline log is recovered at the next start").doesNotExist();

        manager = new LogManager(List.of(root.resolve("d1")), scheduler, time);
        Map<TopicPartition, PartitionLog> loaded = manager.loadLogs(tp -> SMALL);
        assertThat(loaded.get(A).logEndOffset()).isEqualTo(3);
        assertThat(loaded.get(B).logEndOffset()).isEqualTo(2);
        loaded.get(A).appendAsLeader(TestBatches.batch(1, 3L, 40), 0);
        assertThat(loaded.get(A).logEndOffset()).isEqualTo(4);
        assertThat(manager.offlineDirs()).isEmpty();
    }

    /** Every offset of the log, read segment by segment as a consumer would. */
    static List<Long> readAll(PartitionLog log) throws IOException {
        List<Long> offsets = new java.util.ArrayList<>();
        long next = log.logStartOffset();
        while (next < log.logEndOffset()) {
            List<Long> read = TestBatches.offsetsOf(log.read(next, 1 << 20, Long.MAX_VALUE, true).records());
            assertThat(read).as("progress at offset %d", next).isNotEmpty();
            offsets.addAll(read);
            next = read.get(read.size() - 1) + 1;
        }
        return offsets;
    }

    /** Every segment file is a whole number of CRC-valid batches with consecutive offsets. */
    static void assertEveryBatchWholeAndValid(Path partitionDir) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(partitionDir)) {
            logs = files.filter(p -> p.toString().endsWith(LogFileNames.LOG_SUFFIX)).sorted().toList();
        }
        long expected = -1;
        for (Path file : logs) {
            try (FileRecords records = FileRecords.open(file.toFile(), false)) {
                long bytes = 0;
                for (FileChannelRecordBatch batch : records.batches()) {
                    batch.ensureValid();
                    if (expected >= 0) {
                        assertThat(batch.baseOffset()).as("offsets consecutive in %s", file).isEqualTo(expected);
                    }
                    expected = batch.nextOffset();
                    bytes += batch.sizeInBytes();
                }
                assertThat(bytes).as("no torn bytes after the last batch of %s", file).isEqualTo(Files.size(file));
            }
        }
    }
}
