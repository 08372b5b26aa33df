package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TransactionCoordinatorFencedException;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions in one partition log: open transactions hold the first unstable offset, markers close them in
 * Kafka's control-batch format, aborts land in the segment's {@code .txnindex} (Kafka's 34-byte entries), and all of
 * it survives a clean close and a simulated kill -9.
 */
class TransactionalLogTest {
    private static final TopicPartition TP = new TopicPartition("payments", 0);
    private static final Map<String, String> SMALL = Map.of("segment.bytes", "2000", "segment.index.bytes", "1024",
            "retention.bytes", "1");

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

    private PartitionLog open() throws IOException {
        log = PartitionLog.open(root.resolve("payments-0"), TP, LogConfig.defaults().withOverrides(SMALL), time);
        return log;
    }

    private static MemoryRecords txn(long producerId, short epoch, int sequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1L, ("k" + i).getBytes(), new byte[40]);
        }
        return MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence, records);
    }

    @Test
    void openTransactionsHoldTheFirstUnstableOffsetUntilTheirMarker() throws IOException {
        open();
        log.appendAsLeader(TestBatches.batch(2, 1L), 0);                     // 0-1 plain
        log.appendAsLeader(txn(7L, (short) 0, 0, 2), 0);                    // 2-3 producer 7
        log.appendAsLeader(txn(8L, (short) 0, 0, 1), 0);                    // 4 producer 8
        assertThat(log.firstUnstableOffset()).hasValue(2);

        LogAppendResult commit = log.appendTransactionMarker(7L, (short) 0, 0, true, 0);   // 5
        assertThat(commit.firstOffset()).isEqualTo(5);
        assertThat(log.firstUnstableOffset()).hasValue(4);

        log.appendTransactionMarker(8L, (short) 0, 0, false, 0);                           // 6
        assertThat(log.firstUnstableOffset()).isEmpty();
        assertThat(log.abortedTransactions(0, 7)).containsExactly(new AbortedTxn(8L, 4, 6, 7));
        assertThat(log.abortedTransactions(7, 100)).isEmpty();
        assertThat(log.abortedTransactions(0, 4)).isEmpty(); // its data starts at the bound

        RecordBatch marker = TestBatches.batchesOf(log.read(5, 10_000, 7, true).records()).get(0);
        assertThat(marker.isControlBatch()).isTrue();
        assertThat(marker.isTransactional()).isTrue();
        Record record = marker.iterator().next();
        assertThat(ControlRecordType.parse(record.key())).isEqualTo(ControlRecordType.COMMIT);
        assertThat(EndTransactionMarker.deserialize(record).coordinatorEpoch()).isEqualTo(0);
    }

    @Test
    void theAbortIsInTheSegmentsTxnIndexInKafkasFormat() throws IOException {
        open();
        log.appendAsLeader(txn(7L, (short) 3, 0, 1), 0);
        log.appendTransactionMarker(7L, (short) 3, 0, false, 0);

        Path index = root.resolve("payments-0").resolve("00000000000000000000.txnindex");
        ByteBuffer entry = ByteBuffer.wrap(Files.readAllBytes(index));
        assertThat(entry.remaining()).isEqualTo(34);
        assertThat(entry.getShort()).isEqualTo((short) 0);  // version
        assertThat(entry.getLong()).isEqualTo(7L);          // producer id
        assertThat(entry.getLong()).isEqualTo(0L);          // first offset
        assertThat(entry.getLong()).isEqualTo(1L);          // last offset (the marker)
        assertThat(entry.getLong()).isEqualTo(2L);          // last stable offset after the abort
    }

    @Test
    void stateSurvivesACleanCloseAndAKill() throws IOException {
        open();
        log.appendAsLeader(txn(7L, (short) 0, 0, 2), 0);    // 0-1, aborted
        log.appendTransactionMarker(7L, (short) 0, 0, false, 0); // 2
        log.appendAsLeader(txn(9L, (short) 0, 0, 2), 0);    // 3-4, left open
        log.close();

        open();
        assertThat(log.firstUnstableOffset()).hasValue(3);
        assertThat(log.abortedTransactions(0, 10)).containsExactly(new AbortedTxn(7L, 0, 2, 3));

        log.flush();
        Files.delete(root.resolve("payments-0").resolve("00000000000000000000.txnindex"));
        log = null; // killed: the snapshot and the index are gone, the log is replayed
        open();
        assertThat(log.firstUnstableOffset()).hasValue(3);
        assertThat(log.abortedTransactions(0, 10)).containsExactly(new AbortedTxn(7L, 0, 2, 3));

        log.appendTransactionMarker(9L, (short) 0, 0, true, 0);
        assertThat(log.firstUnstableOffset()).isEmpty();
    }

    @Test
    void markersAndBatchesOfAnOlderEpochAreFenced() throws IOException {
        open();
        log.appendAsLeader(txn(7L, (short) 1, 0, 1), 0);
        log.appendTransactionMarker(7L, (short) 2, 0, false, 0); // a fence: the coordinator bumped the epoch

        assertThatThrownBy(() -> log.appendAsLeader(txn(7L, (short) 1, 1, 1), 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> log.appendTransactionMarker(7L, (short) 1, 0, true, 0))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(log.firstUnstableOffset()).isEmpty();
        log.appendAsLeader(txn(7L, (short) 2, 0, 1), 0); // the new session starts at sequence 0
        assertThat(log.firstUnstableOffset()).hasValue(2);
    }

    @Test
    void aNonTransactionalBatchDuringTheProducersTransactionIsRefused() throws IOException {
        open();
        log.appendAsLeader(txn(7L, (short) 0, 0, 1), 0);

        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.idempotent(7L, (short) 0, 1, 1, 1L), 0))
                .isInstanceOf(InvalidTxnStateException.class);
    }

    @Test
    void deleteRecordsAndRetentionStopAtAnOpenTransaction() throws IOException {
        open();
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(TestBatches.batch(10, 1L, 40), 0);
        }
        long open = log.logEndOffset();
        log.appendAsLeader(txn(7L, (short) 0, 0, 10), 0);
        for (int i = 0; i < 6; i++) {
            log.appendAsLeader(TestBatches.batch(10, 1L, 40), 0);
        }
        assertThat(log.numberOfSegments()).isGreaterThan(3);

        assertThatThrownBy(() -> log.deleteRecordsBefore(open + 1)).isInstanceOf(OffsetOutOfRangeException.class)
                .hasMessageContaining("transaction");
        log.enforceRetention(time.milliseconds());
        assertThat(log.logStartOffset()).isLessThanOrEqualTo(open);
        assertThat(log.read(open, 100_000, log.logEndOffset(), true).size()).isPositive();

        log.appendTransactionMarker(7L, (short) 0, 0, false, 0);
        log.enforceRetention(time.milliseconds());
        assertThat(log.logStartOffset()).isGreaterThan(open);
    }

    /**
     * A coordinator that lost its transaction-state partition while still writing the markers of a decided
     * transaction (paused, or fenced by the controller for missed heartbeats, and back) must not end the producer's
     * next transaction: with transaction version 2 the late commit marker of transaction 1 carries the epoch that
     * transaction 2's batches have, so only the coordinator epoch tells them apart (Kafka's
     * TRANSACTION_COORDINATOR_FENCED). Accepted, it committed transaction 2 here and its abort found nothing open:
     * an aborted transaction readable with read_committed.
     */
    @Test
    void aMarkerOfAnOlderCoordinatorIsFencedAndLeavesTheNextTransactionOpen() throws IOException {
        open();
        log.appendAsLeader(txn(7L, (short) 0, 0, 2), 0);            // 0-1 transaction 1, epoch 0
        log.appendTransactionMarker(7L, (short) 1, 5, true, 0);     // 2 its commit (bumped epoch), coordinator 5
        log.appendAsLeader(txn(7L, (short) 1, 0, 2), 0);            // 3-4 transaction 2, epoch 1

        assertThatThrownBy(() -> log.appendTransactionMarker(7L, (short) 1, 4, true, 0))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
        assertThat(log.firstUnstableOffset()).hasValue(3);
        assertThat(log.activeProducers()).containsExactly(new ProducerInfo(7L, 1, 1, 1L, 3L, 5));

        log.appendTransactionMarker(7L, (short) 2, 5, false, 0);    // 5 transaction 2 aborted
        assertThat(log.abortedTransactions(0, 100)).containsExactly(new AbortedTxn(7L, 3, 5, 6));

        log.close();
        open();                                                     // the snapshot keeps the coordinator epoch
        assertThatThrownBy(() -> log.appendTransactionMarker(7L, (short) 2, 4, false, 0))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
        log.flush();
        log = null;                                                 // killed: the log replay finds it again
        open();
        assertThatThrownBy(() -> log.appendTransactionMarker(7L, (short) 2, 4, false, 0))
                .isInstanceOf(TransactionCoordinatorFencedException.class);
        log.appendTransactionMarker(7L, (short) 2, 5, false, 0);    // a retry of the current coordinator's marker
        assertThat(log.firstUnstableOffset()).isEmpty();
    }
}
