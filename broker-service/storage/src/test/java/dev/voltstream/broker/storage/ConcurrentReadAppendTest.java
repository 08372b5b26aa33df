package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers running while the log appends and rolls see only whole, valid batches in offset order. */
class ConcurrentReadAppendTest {
    @TempDir
    Path root;

    @Test
    void readersSeeOnlyWholeBatchesWhileTheLogAppendsAndRolls() throws Exception {
        PartitionLog log = PartitionLog.open(root.resolve("busy-0"), new TopicPartition("busy", 0),
                LogConfig.defaults().withOverrides(Map.of("segment.bytes", "5000", "index.interval.bytes", "256")),
                Time.SYSTEM);
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            long next = 0;
            long reads = 0;
            while (!done.get() || next < log.logEndOffset()) {
                try {
                    LogReadResult read = log.read(next, 3000, Long.MAX_VALUE, true);
                    for (RecordBatch batch : read.records().batches()) {
                        assertThat(batch.isValid()).isTrue();
                        assertThat(batch.baseOffset()).isEqualTo(next);
                        next = batch.nextOffset();
                    }
                    reads++;
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
            return reads;
        });

        for (int i = 0; i < 1000; i++) {
            log.appendAsLeader(TestBatches.batch(1 + i % 3, 1L, 40), 0);
        }
        done.set(true);

        assertThat(reader.get()).isPositive();
        assertThat(log.numberOfSegments()).isGreaterThan(5);
        log.close();
    }
}
