package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log's files on their own: appends that roll, the published end offset, retired segments' delayed deletion. */
class LogFilesTest {
    private static final TopicPartition TP = new TopicPartition("files", 0);
    private static final LogConfig CONFIG = LogConfig.defaults()
            .withOverrides(Map.of("segment.bytes", "400", "file.delete.delay.ms", "500"));

    @TempDir
    Path dir;

    /** The files of an empty log in {@code dir}: one segment at offset 0. Shared with {@link LogRetentionTest}. */
    static LogFiles emptyLog(Path dir, TopicPartition tp, LogConfig config) throws IOException {
        LogSegments segments = new LogSegments();
        segments.add(LogSegment.open(dir, 0, config));
        LogFiles files = new LogFiles(dir, tp, segments, TransactionIndexes.load(dir, segments), WriteInterceptor.NONE);
        files.publish(0);
        return files;
    }

    /** Appends one batch of {@code count} records with {@code valueBytes}-byte values at {@code first}, as the log does. */
    static void append(LogFiles files, long first, int count, long now, int valueBytes, LogConfig config)
            throws IOException {
        MemoryRecords batch = MemoryRecords.withRecords(first, Compression.NONE,
                TestBatches.records(count, now, valueBytes));
        files.append(batch, first, first + count - 1, now, config);
        files.publish(first + count);
    }

    private LogFiles open() throws IOException {
        return emptyLog(dir, TP, CONFIG);
    }

    private static void append(LogFiles files, long first, int count, long now) throws IOException {
        append(files, first, count, now, 100, CONFIG);
    }

    @Test
    void anAppendThatWouldOverfillTheActiveSegmentRollsAndTheEndOffsetFollowsTheNewSegment() throws IOException {
        LogFiles files = open();
        append(files, 0, 3, 1_000);
        assertThat(files.end()).isEqualTo(new LogFiles.EndOffset(3, 0, files.segments().active().size()));

        append(files, 3, 3, 1_000); // 3 x 100-byte values do not fit the 400-byte segment beside the first batch
        assertThat(files.segments().count()).isEqualTo(2);
        assertThat(files.segments().active().baseOffset()).isEqualTo(3);
        assertThat(files.end().offset()).isEqualTo(6);
        assertThat(files.end().segmentBaseOffset()).isEqualTo(3);
    }

    @Test
    void aRetiredSegmentLeavesTheLogAtOnceAndItsFilesAfterTheDeleteDelay() throws IOException {
        LogFiles files = open();
        append(files, 0, 3, 1_000);
        LogSegment first = files.segments().first();
        files.roll(3, 1_000, CONFIG);

        files.retire(first, 2_000, CONFIG);
        assertThat(files.segments().first().baseOffset()).isEqualTo(3);
        Path deleted = dir.resolve(LogFileNames.logFile(dir, 0).getFileName() + LogFileNames.DELETED_SUFFIX);
        assertThat(deleted).exists();

        files.deleteRetired(2_499);
        assertThat(deleted).exists();
        files.deleteRetired(2_500);
        assertThat(deleted).doesNotExist();
        assertThat(Files.exists(LogFileNames.logFile(dir, 3))).isTrue();
    }

    @Test
    void replacingAllSegmentsStartsAnEmptyLogAtTheGivenOffset() throws IOException {
        LogFiles files = open();
        append(files, 0, 3, 1_000);

        files.replaceAllWithEmptyAt(42, 1_000, CONFIG);
        assertThat(files.segments().count()).isEqualTo(1);
        assertThat(files.end()).isEqualTo(new LogFiles.EndOffset(42, 42, 0));
    }

    @Test
    void truncatingRetiresLaterSegmentsAndCutsTheOneHoldingTheOffset() throws IOException {
        LogFiles files = open();
        append(files, 0, 1, 1_000);
        append(files, 1, 1, 1_000);
        append(files, 2, 3, 1_000); // does not fit beside the first two: a second segment at 2
        assertThat(files.segments().all()).extracting(LogSegment::baseOffset).containsExactly(0L, 2L);

        files.truncateTo(1, 1_000, CONFIG);
        assertThat(files.segments().all()).extracting(LogSegment::baseOffset).containsExactly(0L);
        assertThat(files.segments().active().baseOffset()).isZero();
        assertThat(files.end().offset()).isEqualTo(1);
        assertThat(files.end().position()).isEqualTo(files.segments().active().size());
    }
}
