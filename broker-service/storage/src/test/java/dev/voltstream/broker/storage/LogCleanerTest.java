package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The log cleaner on one compacted log, driven by {@link LogCleaner#cleanNow()} on a clock the test moves: last
 * record per key kept at its offset, the active segment untouched, tombstones gone after delete.retention.ms,
 * min.compaction.lag.ms honoured, idempotent producer state kept, aborted transactional data dropped, small segments
 * merged, and the cleaner checkpoint persisted.
 */
class LogCleanerTest extends CompactedLogFixture {
    @Test
    void keepsTheLastRecordPerKeyAtItsOffsetAndNeverTouchesTheActiveSegment() throws IOException {
        open(Map.of());
        writeRounds(16, 5);
        int segmentsBefore = log.numberOfSegments();
        Map<Long, String> before = contents(log);
        assertThat(segmentsBefore).isGreaterThan(4);

        assertThat(clean()).isEqualTo(1);

        Map<Long, String> after = contents(log);
        assertThat(latest(after)).isEqualTo(latest(before));
        after.forEach((offset, kv) -> assertThat(before).containsEntry(offset, kv)); // offsets kept
        assertThat(after.size()).isLessThan(before.size());
        assertThat(log.numberOfSegments()).isEqualTo(segmentsBefore);
        assertThat(log.logEndOffset()).isEqualTo(80);
        // Each key appears at most once outside the active segment, whose records all stay.
        long activeBase = activeBase();
        List<String> cleanKeys = new ArrayList<>();
        after.forEach((offset, kv) -> {
            if (offset < activeBase) {
                cleanKeys.add(kv.substring(0, kv.indexOf('=')));
            }
        });
        assertThat(cleanKeys).doesNotHaveDuplicates();
        before.forEach((offset, kv) -> {
            if (offset >= activeBase) {
                assertThat(after).containsEntry(offset, kv);
            }
        });
        assertThat(Files.exists(log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT))).isTrue();
        assertThat(CheckpointFile.readLong(log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT), -1))
                .isEqualTo(activeBase);
        assertNoCleanerLeftovers();
        DiskFaultTest.assertEveryBatchWholeAndValid(log.dir());
    }



    @Test
    void theNextPassMergesSmallCleanedSegmentsIntoOne() throws IOException {
        open(Map.of());
        writeRounds(16, 5);
        clean();
        long firstPassEnd = activeBase();
        int before = log.numberOfSegments();
        writeRounds(8, 5);
        clean();
        try (Stream<Path> files = Files.list(log.dir())) {
            assertThat(files.map(p -> LogFileNames.baseOffset(p.getFileName().toString(), LogFileNames.LOG_SUFFIX))
                    .filter(o -> o.isPresent() && o.getAsLong() < firstPassEnd).count())
                    .as("the %d segments cleaned by the first pass are one now", before - 1).isEqualTo(1);
        }
        assertThat(latest(contents(log)).values()).containsOnly("r7");
    }

    @Test
    void aDedupeBufferTooSmallForTheDirtySectionCleansItInSeveralPasses() throws IOException {
        open(Map.of());
        writeRounds(6, 20); // 20 keys, the map below holds 9
        CleanerConfig tiny = new CleanerConfig(true, 1, 24 * 10, 0.9, 4096, Double.MAX_VALUE, 10);
        LogCleaner cleaner = new LogCleaner(tiny, () -> List.of(log), time);
        Path checkpoint = log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT);
        assertThat(cleaner.cleanNow()).isEqualTo(1);
        long firstPass = CheckpointFile.readLong(checkpoint, -1);
        assertThat(firstPass).as("stopped where the map was full").isBetween(1L, activeBase() - 1);
        for (int i = 0; i < 20 && CheckpointFile.readLong(checkpoint, -1) < activeBase(); i++) {
            cleaner.cleanNow();
        }
        assertThat(CheckpointFile.readLong(checkpoint, -1)).isEqualTo(activeBase());
        long activeBase = activeBase();
        List<String> cleanKeys = new ArrayList<>();
        contents(log).forEach((offset, kv) -> {
            if (offset < activeBase) {
                cleanKeys.add(kv.substring(0, kv.indexOf('=')));
            }
        });
        assertThat(cleanKeys).doesNotHaveDuplicates();
    }

    @Test
    void theIoThrottleSleepsToKeepTheRate() throws InterruptedException {
        ManualTime clock = new ManualTime(0);
        Throttler throttler = new Throttler(1000, clock); // 1000 bytes/s
        clock.advance(400);
        long start = System.nanoTime();
        throttler.maybeThrottle(1000); // 1000 bytes in 400 ms: must take a second, so ~600 ms more
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 5_000L);
        Throttler unlimited = new Throttler(Double.MAX_VALUE, clock);
        clock.advance(400);
        start = System.nanoTime();
        unlimited.maybeThrottle(1 << 30);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(100L);
    }

    @Test
    void cleaningStopsBelowTheHighWatermark() throws IOException {
        open(Map.of());
        writeRounds(16, 5);
        Map<Long, String> before = contents(log);
        log.boundCleaningBy(() -> 40L); // offsets 40.. are not replicated yet: they may still be truncated
        assertThat(clean()).isEqualTo(1);
        long checkpoint = CheckpointFile.readLong(log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT), -1);
        assertThat(checkpoint).isBetween(1L, 40L);
        Map<Long, String> after = contents(log);
        before.forEach((offset, kv) -> {
            if (offset >= checkpoint) {
                assertThat(after).containsEntry(offset, kv);
            }
        });
    }

    @Test
    void aRestartedLogReadsTheSameAndTheCheckpointSparesARecleaning() throws IOException {
        open(Map.of());
        writeRounds(10, 5);
        clean();
        Map<Long, String> cleaned = contents(log);
        log.close();
        open(Map.of());
        assertThat(contents(log)).isEqualTo(cleaned);
        assertThat(clean()).as("nothing dirty after the checkpoint").isZero();
    }

    @Test
    void tombstonesStayUntilDeleteRetentionThenGo() throws IOException {
        open(Map.of());
        writeRounds(4, 5);
        log.appendAsLeader(keyed("k1", null), 0);
        writeRounds(4, 3); // k0..k2 again: k1 comes back, so only k3's tombstone matters below
        log.appendAsLeader(keyed("k3", null), 0);
        writeRounds(3, 1); // push the tombstones out of the active segment
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(keyed("filler" + i, "x"), 0);
        }
        clean();
        assertThat(latest(contents(log))).containsEntry("k3", "null");

        time.advance(1001);
        for (int i = 0; i < 20; i++) {
            log.appendAsLeader(keyed("filler" + i, "y"), 0);
        }
        clean();
        assertThat(latest(contents(log))).doesNotContainKey("k3").containsEntry("k1", "r3").containsKey("k4");
    }

    @Test
    void minCompactionLagKeepsRecentSegmentsDirty() throws IOException {
        open(Map.of("min.compaction.lag.ms", "60000"));
        writeRounds(10, 5);
        Map<Long, String> before = contents(log);
        assertThat(clean()).isZero();
        assertThat(contents(log)).isEqualTo(before);
        time.advance(60_001);
        log.appendAsLeader(keyed("k0", "late"), 0);
        assertThat(clean()).isEqualTo(1);
        assertThat(contents(log).size()).isLessThan(before.size());
    }

    @Test
    void anIdempotentProducersLastBatchSurvivesSoItsSequenceContinuesAfterARestart() throws IOException {
        open(Map.of());
        long pid = 42L;
        int seq = 0;
        for (int r = 0; r < 10; r++) {
            for (int k = 0; k < 5; k++) {
                log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, pid, (short) 0, seq++,
                        record("k" + k, "r" + r)), 0);
            }
        }
        for (int i = 0; i < 30; i++) { // another producer fills the segments after it
            log.appendAsLeader(keyed("other" + (i % 3), "v" + i), 0);
        }
        clean();
        // Unclean restart: producer state is rebuilt from the (cleaned) segments.
        PartitionLog reopened = PartitionLog.open(log.dir(), TP, log.config(), time);
        log = reopened;
        assertThat(log.activeProducers()).anySatisfy(p -> {
            assertThat(p.producerId()).isEqualTo(pid);
            assertThat(p.lastSequence()).isEqualTo(49);
        });
        LogAppendResult retry = log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, pid,
                (short) 0, 49, record("k4", "r9")), 0);
        assertThat(retry.duplicate()).as("a retry of the last batch is still recognised").isTrue();
        LogAppendResult next = log.appendAsLeader(MemoryRecords.withIdempotentRecords(Compression.NONE, pid,
                (short) 0, 50, record("k4", "r10")), 0);
        assertThat(next.duplicate()).isFalse();
    }

    @Test
    void abortedTransactionalRecordsAreRemoved() throws IOException {
        open(Map.of());
        writeRounds(2, 3);
        log.appendAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 9L, (short) 0, 0,
                record("k0", "aborted"), record("k9", "aborted")), 0);
        log.appendTransactionMarker(9L, (short) 0, 0, false, 0);
        log.appendAsLeader(MemoryRecords.withTransactionalRecords(Compression.NONE, 10L, (short) 0, 0,
                record("k1", "committed")), 0);
        log.appendTransactionMarker(10L, (short) 0, 0, true, 0);
        for (int i = 0; i < 30; i++) {
            log.appendAsLeader(keyed("filler" + (i % 2), "v" + i), 0);
        }
        clean();
        Map<Long, String> after = contents(log);
        assertThat(after.values()).doesNotContain("k0=aborted", "k9=aborted").contains("k1=committed", "k0=r1");
    }

    @Test
    void recordsWithoutKeyAreRefusedOnACompactedTopic() throws IOException {
        open(Map.of());
        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(1L, null, "v".getBytes())), 0))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("Compacted topic cannot accept message without key in topic partition station-status-0.");
        assertThat(log.logEndOffset()).isZero();
    }

    @Test
    void aDeleteOnlyLogIsNeverCleanedAndACompactOnlyLogIgnoresRetention() throws IOException {
        open(Map.of("cleanup.policy", "delete"));
        writeRounds(10, 5);
        assertThat(clean()).isZero();
        log.close();
        open(Map.of("retention.ms", "1", "retention.bytes", "1"));
        time.advance(10_000);
        assertThat(log.enforceRetention(time.milliseconds())).isZero();
    }

    @Test
    void policyValuesAreCheckedAsKafkaDoes() {
        assertThat(LogConfig.defaults().withOverrides(Map.of("cleanup.policy", "compact,delete")).cleanup())
                .satisfies(c -> assertThat(c.compact() && c.delete()).isTrue());
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("cleanup.policy", "shred")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("compact, delete");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("min.compaction.lag.ms", "10",
                "max.compaction.lag.ms", "5"))).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)");
    }

    @Test
    void threadsChangeAtRuntimeByAtMostAFactorOfTwoAsKafka() {
        CleanerConfig two = cleaner(2, Double.MAX_VALUE);
        two.validateReconfiguration(cleaner(4, Double.MAX_VALUE));
        two.validateReconfiguration(cleaner(1, Double.MAX_VALUE));
        assertThatThrownBy(() -> two.validateReconfiguration(cleaner(5, Double.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Log cleaner threads cannot be increased to more than double the current value 2");
        assertThatThrownBy(() -> cleaner(5, 1).validateReconfiguration(cleaner(1, 1)))
                .hasMessage("Log cleaner threads cannot be reduced to less than half the current value 5");
        assertThatThrownBy(() -> two.validateReconfiguration(cleaner(0, Double.MAX_VALUE)))
                .hasMessage("Log cleaner threads should be at least 1");
        assertThatThrownBy(() -> two.validateReconfiguration(new CleanerConfig(true, 2, 1024 * 1024, 0.9, 4096,
                Double.MAX_VALUE, 10))).hasMessageContaining("at least 1 MiB per cleaner thread");
    }

    @Test
    void reconfigurationReplacesTheThreadsBetweenPassesAndKeepsTheCheckpoint() throws IOException {
        open(Map.of());
        writeRounds(16, 5);
        Path checkpoint = log.dir().resolve(LogFileNames.CLEANER_CHECKPOINT);
        LogCleaner cleaner = new LogCleaner(cleaner(1, Double.MAX_VALUE), () -> List.of(log), time);
        try {
            cleaner.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> cleaner.passes() == 1);
            long cleanedTo = CheckpointFile.readLong(checkpoint, -1);
            assertThat(cleanedTo).isEqualTo(activeBase());

            cleaner.reconfigure(cleaner(2, 5_000_000));
            await().atMost(Duration.ofSeconds(20)).until(() -> cleaner.liveThreads() == 2);
            assertThat(cleaner.config().threads()).isEqualTo(2);
            assertThat(cleaner.throttlerRate()).isEqualTo(5_000_000);
            assertThat(CheckpointFile.readLong(checkpoint, -1)).as("kept across the restart").isEqualTo(cleanedTo);

            writeRounds(8, 5); // the new threads clean the new dirty section (perhaps in several passes meanwhile)
            await().atMost(Duration.ofSeconds(20)).until(() -> CheckpointFile.readLong(checkpoint, -1) == activeBase());
            assertThat(cleaner.passes()).isGreaterThanOrEqualTo(2);
            assertThat(latest(contents(log)).values()).containsOnly("r7");

            assertThatThrownBy(() -> cleaner.reconfigure(cleaner(5, Double.MAX_VALUE)))
                    .hasMessageContaining("more than double the current value 2");
            assertThat(cleaner.config().threads()).isEqualTo(2);
        } finally {
            cleaner.close();
        }
        assertThat(cleaner.liveThreads()).isZero();
    }

    private static CleanerConfig cleaner(int threads, double maxIoBytesPerSec) {
        return new CleanerConfig(true, threads, 8L * 1024 * 1024, 0.9, 64 * 1024, maxIoBytesPerSec, 10);
    }
}
