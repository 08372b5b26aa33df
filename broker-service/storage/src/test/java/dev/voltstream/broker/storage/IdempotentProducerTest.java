package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duplicate detection and sequence/epoch checks for idempotent producers, kept across restarts and truncations. */
class IdempotentProducerTest {
    private static final TopicPartition TP = new TopicPartition("tx-events", 0);
    private static final long PID = 4242L;
    /** ~80 bytes each: 3,000 of them are several producer-state copies' worth. */
    private static final int BATCHES = 3_000;

    @TempDir
    Path root;
    private final ManualTime time = new ManualTime(1_000L);
    private PartitionLog log;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(root.resolve("tx-events-0"), TP, LogConfig.defaults(), time);
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void aRetriedBatchIsAnsweredWithItsOriginalOffsetsAndNotAppended() throws IOException {
        log.appendAsLeader(TestBatches.batch(2, 1L), 0);
        LogAppendResult first = log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 3, 10L), 0);
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 3, 2, 11L), 0);

        LogAppendResult retry = log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 3, 10L), 0);

        assertThat(first.duplicate()).isFalse();
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(retry.lastOffset()).isEqualTo(4);
        assertThat(log.logEndOffset()).isEqualTo(7);
    }

    @Test
    void onlyTheLastFiveBatchesAreRemembered() throws IOException {
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, i, 1, 10L), 0);
        }

        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 1, 1, 10L), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void aSequenceGapIsOutOfOrder() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 0, 3, 10L), 0);

        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 5, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.logEndOffset()).isEqualTo(3);
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 3, 1, 10L), 0).firstOffset())
                .isEqualTo(3);
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochMustStartAtZero() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 3, 0, 2, 10L), 0);

        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 2, 2, 1, 10L), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 4, 7, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 4, 0, 1, 10L), 0).duplicate()).isFalse();
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 4, 0, 10L));
    }

    @Test
    void anUnknownProducerMayStartAtAnySequence() throws IOException {
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 0, 17, 2, 10L), 0).firstOffset())
                .isZero();
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 0, 18, 10L));
    }

    @Test
    void producerStateSurvivesACleanRestart() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 0, 2, 10L), 0);
        log.appendAsLeader(TestBatches.idempotent(PID + 1, (short) 0, 0, 1, 20L), 0);
        log.close();
        assertThat(root.resolve("tx-events-0").resolve(LogFileNames.PRODUCER_SNAPSHOT)).exists();

        open();

        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 1, 1, 10L),
                new ProducerInfo(PID + 1, 0, 0, 20L));
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 0, 2, 10L), 0).duplicate()).isTrue();
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 4, 1, 10L), 0))
                .isInstanceOf(OutOfOrderSequenceException.class);
    }

    @Test
    void producerStateIsRebuiltFromTheLogAfterAnUncleanStop() throws IOException {
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 0, 2, 10L), 0);
        log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 2, 2, 11L), 0);
        log.flush();
        log = null; // killed

        open();

        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(PID, 1, 3, 11L));
        LogAppendResult retry = log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 2, 2, 11L), 0);
        assertThat(retry.duplicate()).isTrue();
        assertThat(retry.firstOffset()).isEqualTo(2);
        assertThat(log.appendAsLeader(TestBatches.idempotent(PID, (short) 1, 4, 1, 12L), 0).firstOffset())
                .isEqualTo(4);
    }

    private void appendIdempotent(long producerId, int from, int count) throws IOException {
        for (int i = from; i < from + count; i++) {
            log.appendAsLeader(TestBatches.idempotent(producerId, (short) 0, i, 1, 1_000L + i), 1);
        }
    }

    // A truncation (a follower's, on every leader change) rebuilds the producer state from the latest in-memory copy
    // below the cut, not by replaying the whole log (issue #20: seconds on a loaded machine, during which acks=all
    // produce to the new leader waited), and leaves the state a full replay would.

    @Test
    void cuttingTheTailReplaysOnlyTheBatchesAfterTheLatestCopy() throws IOException {
        appendIdempotent(7L, 0, BATCHES);

        log.truncateTo(BATCHES - 3);

        assertThat(log.logEndOffset()).isEqualTo(BATCHES - 3);
        int perCopyAndIndexEntry = (ProducerStateCheckpoints.INTERVAL_BYTES + 4096) / 70;
        assertThat(log.replayedByLastTruncation()).isPositive().isLessThanOrEqualTo(perCopyAndIndexEntry);
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(7L, 0, BATCHES - 4, 1_000L + BATCHES - 4));
        // the producer's next sequence is taken, a retry of its last remaining batch is a duplicate
        assertThat(log.appendAsLeader(TestBatches.idempotent(7L, (short) 0, BATCHES - 4, 1, 1L), 2).duplicate())
                .isTrue();
        assertThat(log.appendAsLeader(TestBatches.idempotent(7L, (short) 0, BATCHES - 3, 1, 1L), 2).firstOffset())
                .isEqualTo(BATCHES - 3);
    }

    @Test
    void aCutBelowEveryCopyReplaysFromTheLogStartAndLaterCutsUseNewCopies() throws IOException {
        appendIdempotent(7L, 0, BATCHES);

        log.truncateTo(10);

        assertThat(log.replayedByLastTruncation()).isEqualTo(10);
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(7L, 0, 9, 1_009L));

        appendIdempotent(7L, 10, BATCHES);
        log.truncateTo(BATCHES + 5);

        assertThat(log.replayedByLastTruncation()).isLessThan(BATCHES);
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(7L, 0, BATCHES + 4, 1_000L + BATCHES + 4));
    }

    @Test
    void aReopenedLogCutAboveItsEndAtOpenReplaysOnlyWhatCameAfter() throws IOException {
        appendIdempotent(7L, 0, 100);
        log.close();
        log = PartitionLog.open(root.resolve("tx-events-0"), TP, LogConfig.defaults(), time);
        appendIdempotent(7L, 100, 5);

        log.truncateTo(103);

        // from the indexed batch at or below the copy (an index entry every 4 KiB): not the 100 before the open
        assertThat(log.replayedByLastTruncation()).isLessThan(100);
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(7L, 0, 102, 1_102L));
    }

    @Test
    void transactionsOpenOrAbortedBeforeTheCopySurviveTheCut() throws IOException {
        log.appendAsLeader(txn(8L, 0), 1);                               // 0: producer 8's aborted transaction
        log.appendTransactionMarker(8L, (short) 0, 0, false, 1);       // 1: its abort marker
        log.appendAsLeader(txn(9L, 0), 1);                               // 2: producer 9's transaction, still open
        appendIdempotent(7L, 0, BATCHES);                                // 3 .. BATCHES + 2

        log.truncateTo(BATCHES);

        assertThat(log.replayedByLastTruncation()).isLessThan(BATCHES);
        assertThat(log.firstUnstableOffset()).hasValue(2);
        assertThat(log.abortedTransactions(0, BATCHES)).containsExactly(new AbortedTxn(8L, 0, 1, 2));
        assertThat(log.activeProducers()).extracting(ProducerInfo::producerId).containsExactly(7L, 8L, 9L);
        log.appendTransactionMarker(9L, (short) 0, 0, true, 1);
        assertThat(log.firstUnstableOffset()).isEmpty();
    }

    private static MemoryRecords txn(long producerId, int sequence) {
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) 0, sequence,
                new SimpleRecord(1L, "k".getBytes(), new byte[40]));
    }
}
