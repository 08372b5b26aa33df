package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.junit.jupiter.api.Test;

/**
 * The disk-full case on a real filesystem that fills up, with no seam: runs only when {@code VOLTSTREAM_SMALL_FS_DIR}
 * names an empty directory on a small filesystem (e.g. {@code mount -t tmpfs -o size=2m tmpfs /mnt/small}, which
 * needs root; CI runs {@link DiskFaultTest} instead). Exercises what the seam cannot: real partial writes and the
 * sparse index pages, which would raise SIGBUS if written through the mapping on a full disk.
 */
class SmallFilesystemDiskFullTest {
    private static final TopicPartition TP = new TopicPartition("meter-readings", 0);

    @Test
    void appendsFailWithStorageErrorOnAFullFilesystemAndResumeWhenSpaceIsFreed() throws IOException {
        String small = System.getenv("VOLTSTREAM_SMALL_FS_DIR");
        assumeTrue(small != null && !small.isBlank(), "VOLTSTREAM_SMALL_FS_DIR is not set");
        Path root = Files.createTempDirectory(Path.of(small), "diskfull");
        Path filler = root.resolve("filler");
        long fillerBytes = Files.getFileStore(root).getUsableSpace() - 300_000;
        fill(filler, fillerBytes);
        LogConfig config = LogConfig.defaults().withOverrides(Map.of("segment.bytes", "1048576", "index.interval.bytes", "1"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        LogManager manager = new LogManager(List.of(root.resolve("logs")), scheduler, systemTime());
        try {
            PartitionLog log = manager.getOrCreateLog(TP, config);
            long acknowledged = 0;
            KafkaStorageException refused = null;
            for (int i = 0; i < 100_000 && refused == null; i++) {
                try {
                    log.appendAsLeader(TestBatches.batch(1, 1L + i, 10), 0);
                    acknowledged += 1;
                } catch (KafkaStorageException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("the filesystem filled up").isNotNull();
            assertThat(log.isOutOfSpace()).isTrue();
            assertThat(log.isOffline()).isFalse();
            assertThat(log.logEndOffset()).isEqualTo(acknowledged);
            DiskFaultTest.assertEveryBatchWholeAndValid(log.dir());
            assertThat(DiskFaultTest.readAll(log)).hasSize((int) acknowledged);

            Files.delete(filler);

            log.appendAsLeader(TestBatches.batch(10, 9_999L, 100), 0);
            assertThat(log.logEndOffset()).isEqualTo(acknowledged + 10);
            manager.close();
            manager = new LogManager(List.of(root.resolve("logs")), scheduler, systemTime());
            PartitionLog reopened = manager.loadLogs(tp -> config).get(TP);
            assertThat(reopened.logEndOffset()).isEqualTo(acknowledged + 10);
            DiskFaultTest.assertEveryBatchWholeAndValid(reopened.dir());
        } finally {
            manager.close();
            scheduler.shutdownNow();
            FileTree.deleteRecursively(root);
        }
    }

    @Test
    void indexEntriesOnAFullFilesystemAreSkippedInsteadOfFaultingTheMapping() throws IOException {
        String small = System.getenv("VOLTSTREAM_SMALL_FS_DIR");
        assumeTrue(small != null && !small.isBlank(), "VOLTSTREAM_SMALL_FS_DIR is not set");
        Path root = Files.createTempDirectory(Path.of(small), "index");
        try {
            OffsetIndex index = new OffsetIndex(root.resolve("00000000000000000000.index"), 0, 1 << 20);
            fillUp(root.resolve("filler"));
            // Without claiming pages first, the first store into a new page of the sparse mapping raises SIGBUS
            // (InternalError "a fault occurred in an unsafe memory access operation").
            for (int i = 0; i < 5_000; i++) {
                index.append(i, i * 100);
            }
            assertThat(index.entries()).as("entries that found no disk block are skipped").isLessThan(5_000);
            assertThat(index.lookup(4_999).position()).isLessThanOrEqualTo(4_999 * 100);
        } finally {
            FileTree.deleteRecursively(root);
        }
    }

    private static void fillUp(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate(4096);
            while (true) {
                chunk.clear();
                channel.write(chunk);
            }
        } catch (IOException e) {
            assertThat(DiskErrors.isOutOfSpace(e)).as("filled up: %s", e).isTrue();
        }
    }

    private static org.apache.kafka.common.utils.Time systemTime() {
        return org.apache.kafka.common.utils.Time.SYSTEM;
    }

    private static void fill(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            for (long left = bytes; left > 0; left -= chunk.limit()) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
        }
    }
}
