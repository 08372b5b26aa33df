package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 (or a power cut) at each point of an append, a roll, a retention deletion, a truncation or an index write,
 * simulated by leaving the files as that moment would, then an unclean restart (the log is reopened without being
 * closed). Each time the log must recover to a prefix with consecutive offsets and whole, valid batches that keeps
 * every record that was completely on disk, and take appends at its end.
 */
class CrashPointRecoveryTest {
    private static final TopicPartition TP = new TopicPartition("sessions", 0);
    private static final LogConfig CONFIG = LogConfig.defaults().withOverrides(Map.of("segment.bytes", "2000",
            "index.interval.bytes", "150", "segment.index.bytes", "1200", "retention.ms", "100000"));

    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(9_000_000L);
    private PartitionLog log;
    private long acknowledgedEnd;

    @BeforeEach
    void writeSeveralSegments() throws IOException {
        log = PartitionLog.open(dir(), TP, CONFIG, time);
        for (int i = 0; i < 60; i++) {
            log.appendAsLeader(TestBatches.batch(2, time.milliseconds() + i, 40), 1);
        }
        log.flush();
        acknowledgedEnd = log.logEndOffset();
        assertThat(log.numberOfSegments()).isGreaterThanOrEqualTo(4);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    private Path dir() {
        return root.resolve("sessions-0");
    }

    private List<Long> bases() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> LogFileNames.baseOffset(p.getFileName().toString(), LogFileNames.LOG_SUFFIX))
                    .filter(o -> o.isPresent()).map(o -> o.getAsLong()).sorted().toList();
        }
    }

    /** The process died: the old instance is dropped unclosed (no clean-shutdown marker) and the log reopened. */
    private void crashAndRestart() throws IOException {
        log = PartitionLog.open(dir(), TP, CONFIG, time);
    }

    /** A prefix of what was written, from {@code start}, consecutive, whole and valid; appends continue at its end. */
    private void assertConsistentPrefix(long start, long atLeastEnd) throws IOException {
        assertThat(log.logStartOffset()).isEqualTo(start);
        assertThat(log.logEndOffset()).isBetween(atLeastEnd, acknowledgedEnd);
        assertThat(DiskFaultTest.readAll(log))
                .containsExactlyElementsOf(LongStream.range(start, log.logEndOffset()).boxed().toList());
        DiskFaultTest.assertEveryBatchWholeAndValid(dir());
        try (Stream<Path> files = Files.list(dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(LogFileNames.DELETED_SUFFIX) || n.endsWith(".tmp"));
        }
        long end = log.logEndOffset();
        assertThat(log.appendAsLeader(TestBatches.batch(1, 1L, 40), 2).firstOffset()).isEqualTo(end);
        for (long offset = start; offset < end; offset += 5) {
            assertThat(TestBatches.offsetsOf(log.read(offset, 1, Long.MAX_VALUE, true).records())).contains(offset);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void append(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(bytes));
        }
    }

    @Test
    void appendTornHalfWayThroughABatchHeader() throws IOException {
        Path active = LogFileNames.logFile(dir(), bases().get(bases().size() - 1));
        byte[] partialHeader = new byte[30];
        partialHeader[7] = 1; // offset 1<<... a plausible start of a batch header, cut off
        append(active, partialHeader);
        crashAndRestart();
        assertConsistentPrefix(0, acknowledgedEnd);
    }

    @Test
    void offsetIndexLongerThanItsLogInAnOlderSegment() throws IOException {
        long base = bases().get(1);
        ByteBuffer bogus = ByteBuffer.allocate(16).putInt(500).putInt(1_000_000).putInt(600).putInt(2_000_000);
        append(LogFileNames.offsetIndexFile(dir(), base), bogus.array());
        crashAndRestart();
        assertConsistentPrefix(0, acknowledgedEnd);
    }

    @Test
    void indexesShorterThanTheirLogOrTornMidEntry() throws IOException {
        List<Long> bases = bases();
        truncate(LogFileNames.offsetIndexFile(dir(), bases.get(0)), 0);
        truncate(LogFileNames.offsetIndexFile(dir(), bases.get(1)), 5);
        truncate(LogFileNames.timeIndexFile(dir(), bases.get(2)), 7);
        crashAndRestart();
        assertConsistentPrefix(0, acknowledgedEnd);
        assertThat(log.offsetForTimestamp(time.milliseconds() + 30)).map(TimestampAndOffset::offset).contains(60L);
    }

    @Test
    void rollThatCreatedTheNewLogFileButNotItsIndexes() throws IOException {
        append(LogFileNames.logFile(dir(), acknowledgedEnd), new byte[0]);
        crashAndRestart();
        assertConsistentPrefix(0, acknowledgedEnd);
        assertThat(bases()).contains(acknowledgedEnd);
    }

    @Test
    void rollThatCreatedIndexesButNoLogFile() throws IOException {
        append(LogFileNames.offsetIndexFile(dir(), acknowledgedEnd), new byte[1200]);
        append(LogFileNames.timeIndexFile(dir(), acknowledgedEnd), new byte[1200]);
        crashAndRestart();
        assertThat(LogFileNames.offsetIndexFile(dir(), acknowledgedEnd)).as("orphan removed").doesNotExist();
        assertConsistentPrefix(0, acknowledgedEnd);
    }

    @Test
    void retentionThatRenamedTheLogFileButNotItsIndexesNorTheCheckpoint() throws IOException {
        long first = bases().get(0);
        long second = bases().get(1);
        Path logFile = LogFileNames.logFile(dir(), first);
        Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + LogFileNames.DELETED_SUFFIX));
        crashAndRestart();
        assertConsistentPrefix(second, acknowledgedEnd);
        assertThat(LogFileNames.offsetIndexFile(dir(), first)).doesNotExist();
    }

    @Test
    void retentionThatRenamedEverythingButHadNotRemovedTheDeletedFiles() throws IOException {
        time.advance(200_000);
        log.appendAsLeader(TestBatches.batch(1, time.milliseconds(), 40), 1);
        assertThat(log.enforceRetention(time.milliseconds())).isPositive();
        long start = log.logStartOffset();
        acknowledgedEnd = log.logEndOffset();
        crashAndRestart();
        assertConsistentPrefix(start, acknowledgedEnd);
    }

    @Test
    void truncationThatRemovedTheNewestSegmentButHadNotCutTheOneBefore() throws IOException {
        List<Long> bases = bases();
        long newest = bases.get(bases.size() - 1);
        Path logFile = LogFileNames.logFile(dir(), newest);
        Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + LogFileNames.DELETED_SUFFIX));
        crashAndRestart();
        assertThat(log.logEndOffset()).isEqualTo(newest);
        assertConsistentPrefix(0, newest);
    }

    @Test
    void anOlderSegmentTornByAPowerCutDropsEverythingAfterIt() throws IOException {
        List<Long> bases = bases();
        Path torn = LogFileNames.logFile(dir(), bases.get(1));
        truncate(torn, Files.size(torn) - 10);
        crashAndRestart();
        assertThat(log.logEndOffset()).isLessThan(bases.get(2));
        assertConsistentPrefix(0, bases.get(1));
        assertThat(bases()).doesNotContain(bases.get(3));
    }
}
