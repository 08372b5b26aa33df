package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.producer.ProducerIdAllocator;
import dev.voltstream.broker.replica.FetchPurgatory;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.storage.ProducerInfo;

/**
 * Transaction version 2 (KIP-890 part 2) in the single node's coordinator, with the markers written to a real
 * partition: every EndTxn bumps the epoch (and the markers carry it), an exhausted epoch rolls to a new producer id,
 * partitions and groups join implicitly, an old epoch is fenced, retries are recognised, and the state (with the
 * client's transaction version) survives a restart in a record version the old reader refuses by name.
 */
@Timeout(30)
class TransactionVersion2Test {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final short TV1 = TransactionMetadata.TV_1;
    private static final short TV2 = TransactionMetadata.TV_2;

    @TempDir
    Path dir;
    ScheduledThreadPoolExecutor scheduler;
    LogManager logs;
    Partition partition;
    ReplicaManager replicas;
    ProducerIdAllocator producerIds;
    TransactionCoordinator coordinator;

    @BeforeEach
    void open() throws Exception {
        scheduler = new ScheduledThreadPoolExecutor(1);
        logs = new LogManager(List.of(dir.resolve("logs")), scheduler, Time.SYSTEM);
        logs.loadLogs(tp -> LogConfig.defaults());
        replicas = new ReplicaManager(1, logs, new FetchPurgatory(scheduler));
        partition = replicas.getOrCreatePartition(TP, Uuid.randomUuid(), LogConfig.defaults());
        partition.makeLeader(0, List.of(1), List.of(1), System.currentTimeMillis());
        producerIds = new ProducerIdAllocator(dir.resolve("producer-ids"));
        coordinator = start();
    }

    private TransactionCoordinator start() throws Exception {
        return TransactionCoordinator.start(new TransactionConfig(60_000, 60_000, 3_600_000, 600_000), logs,
                LogConfig.defaults(), new TransactionMarkers(replicas),
                (group, offsets) -> CompletableFuture.completedFuture(Errors.NONE), producerIds, Time.SYSTEM);
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
        scheduler.shutdownNow();
    }

    private TransactionCoordinator.InitResult init() {
        return coordinator.initProducerId("tx", 60_000, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
    }

    /** A transactional Produce v12: the partition joins the transaction, then the batch is appended. */
    private void produce(long producerId, short epoch, int sequence) throws Exception {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, sequence,
                new SimpleRecord("v".getBytes()));
        coordinator.appendVerified("tx", producerId, epoch, TP, true, () -> partition.appendAsLeader(records));
    }

    private TransactionMetadata state() {
        return coordinator.describe("tx").orElseThrow();
    }

    private ProducerInfo producerInPartition(long producerId) {
        return partition.activeProducers().stream().filter(p -> p.producerId() == producerId).findFirst()
                .orElseThrow();
    }

    @Test
    void everyEndTxnBumpsTheEpochAndItsMarkersCarryIt() throws Exception {
        var session = init();
        produce(session.producerId(), session.producerEpoch(), 0);
        assertThat(state().state()).isEqualTo(TransactionState.ONGOING);
        assertThat(state().partitions()).containsExactly(TP);
        assertThat(state().transactionVersion()).isEqualTo(TV2);

        var ended = coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2);

        assertThat(ended).isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, session.producerId(),
                (short) (session.producerEpoch() + 1)));
        assertThat(state().state()).isEqualTo(TransactionState.COMPLETE_COMMIT);
        assertThat(state().producerEpoch()).isEqualTo((short) 1);
        assertThat(producerInPartition(session.producerId()).producerEpoch()).as("the commit marker's epoch")
                .isEqualTo(1);
        assertThat(producerInPartition(session.producerId()).currentTxnStartOffset()).isEqualTo(-1);

        // The next transaction runs under the bumped epoch.
        produce(session.producerId(), (short) 1, 0);
        assertThat(coordinator.endTransaction("tx", session.producerId(), (short) 1, false, TV2))
                .isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, session.producerId(), (short) 2));
        assertThat(state().state()).isEqualTo(TransactionState.COMPLETE_ABORT);
    }

    @Test
    void aRetriedEndTxnWithTheEpochBeforeTheBumpAnswersAsTheFirstTime() throws Exception {
        var session = init();
        produce(session.producerId(), session.producerEpoch(), 0);
        coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2);

        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2))
                .isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, session.producerId(), (short) 1));
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), false, TV2)
                .error()).isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void anAbortWithNoTransactionOpenStillBumpsTheEpoch() throws Exception {
        var session = init();
        // Empty: the client aborts before any batch reached a partition leader.
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), false, TV2))
                .isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, session.producerId(), (short) 1));
        assertThat(state().state()).isEqualTo(TransactionState.COMPLETE_ABORT);
        // CompleteAbort and CompleteCommit alike, with the current epoch; a commit of nothing is refused.
        assertThat(coordinator.endTransaction("tx", session.producerId(), (short) 1, false, TV2).producerEpoch())
                .isEqualTo((short) 2);
        produce(session.producerId(), (short) 2, 0);
        coordinator.endTransaction("tx", session.producerId(), (short) 2, true, TV2);
        assertThat(coordinator.endTransaction("tx", session.producerId(), (short) 3, false, TV2).producerEpoch())
                .isEqualTo((short) 4);
        assertThat(coordinator.endTransaction("tx", session.producerId(), (short) 4, true, TV2).error())
                .isEqualTo(Errors.INVALID_TXN_STATE);
    }

    @Test
    void transactionVersion1KeepsTheEpoch() throws Exception {
        var session = init();
        // With transaction version 1 there is nothing to abort in Empty.
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), false, TV1)
                .error()).isEqualTo(Errors.INVALID_TXN_STATE);
        assertThat(coordinator.addPartitions("tx", session.producerId(), session.producerEpoch(), Set.of(TP), TV1))
                .isEqualTo(Errors.NONE);
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV1))
                .isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, session.producerId(), (short) 0));
        assertThat(state().transactionVersion()).isEqualTo(TV1);
    }

    @Test
    void anExhaustedEpochRollsToANewProducerIdAtEpochZero() throws Exception {
        long oldId = producerIds.nextProducerId();
        short exhausted = Short.MAX_VALUE - 1;
        coordinator.close();
        TransactionLog log = TransactionLog.open(logs, LogConfig.defaults(), Time.SYSTEM);
        log.write(List.of(new TransactionMetadata("tx", oldId, exhausted, (short) -1, 60_000,
                TransactionState.EMPTY, Set.of(), Map.of(), -1, System.currentTimeMillis(), TV1, -1)), List.of());
        coordinator = start();

        produce(oldId, exhausted, 0);
        var ended = coordinator.endTransaction("tx", oldId, exhausted, true, TV2);

        assertThat(ended.error()).isEqualTo(Errors.NONE);
        assertThat(ended.producerId()).isNotEqualTo(oldId);
        assertThat(ended.producerEpoch()).isZero();
        assertThat(producerInPartition(oldId).producerEpoch()).as("the marker's epoch").isEqualTo(Short.MAX_VALUE);
        assertThat(state().previousProducerId()).isEqualTo(oldId);
        // A retry with the old id and epoch is recognised and answers the new session.
        assertThat(coordinator.endTransaction("tx", oldId, exhausted, true, TV2)).isEqualTo(ended);
        // The new session works.
        produce(ended.producerId(), (short) 0, 0);
        assertThat(coordinator.endTransaction("tx", ended.producerId(), (short) 0, true, TV2))
                .isEqualTo(new TransactionCoordinator.EndResult(Errors.NONE, ended.producerId(), (short) 1));
    }

    @Test
    void anOldEpochIsFenced() throws Exception {
        var session = init();
        produce(session.producerId(), session.producerEpoch(), 0);
        coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2);
        produce(session.producerId(), (short) 1, 0);

        // A zombie still at epoch 0 can neither add a partition nor end the transaction of epoch 1.
        assertThatThrownBy(() -> produce(session.producerId(), session.producerEpoch(), 1))
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2)
                .error()).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(coordinator.commitOffsets("tx", session.producerId(), session.producerEpoch(), "g",
                Map.of(TP, new PendingOffset(1, -1, "")), TV2)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(state().state()).isEqualTo(TransactionState.ONGOING);

        // A new producer instance fences epoch 1 and aborts its transaction.
        var next = init();
        assertThat(next.producerEpoch()).isGreaterThan((short) 2);
        assertThat(coordinator.endTransaction("tx", session.producerId(), (short) 1, true, TV2).error())
                .isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void aTimedOutTransactionIsAbortedFencingItsProducer() throws Exception {
        var session = coordinator.initProducerId("tx", 1, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
        produce(session.producerId(), session.producerEpoch(), 0);
        // Past its 1 ms timeout, the sweep aborts it.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            coordinator.sweepNow();
            return state().state() == TransactionState.COMPLETE_ABORT;
        });
        assertThat(state().producerEpoch()).as("fenced, then decided under the next epoch").isEqualTo((short) 2);
        assertThat(producerInPartition(session.producerId()).producerEpoch()).isEqualTo(2);
        // The producer's own EndTxn (abort or commit) with its epoch is no retry of a bump it asked for: fenced.
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), false, TV2)
                .error()).isEqualTo(Errors.PRODUCER_FENCED);
        assertThat(coordinator.initProducerId("tx", 60_000, session.producerId(), session.producerEpoch()).error())
                .isEqualTo(Errors.PRODUCER_FENCED);
    }

    @Test
    void offsetsOfAGroupJoinTheTransactionImplicitlyOnlyWithTransactionVersion2() throws Exception {
        var session = init();
        Map<TopicPartition, PendingOffset> offsets = Map.of(TP, new PendingOffset(5, -1, ""));
        assertThat(coordinator.commitOffsets("tx", session.producerId(), session.producerEpoch(), "g", offsets, TV1))
                .isEqualTo(Errors.INVALID_TXN_STATE);

        assertThat(coordinator.commitOffsets("tx", session.producerId(), session.producerEpoch(), "g", offsets, TV2))
                .isEqualTo(Errors.NONE);
        assertThat(state().state()).isEqualTo(TransactionState.ONGOING);
        assertThat(state().pendingOffsets()).containsEntry("g", offsets);
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2)
                .producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void aBatchOutsideTheTransactionWithoutImplicitAddIsTransactionAbortable() throws Exception {
        var session = init();
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, session.producerId(),
                session.producerEpoch(), 0, new SimpleRecord("v".getBytes()));
        assertThatThrownBy(() -> coordinator.appendVerified("tx", session.producerId(), session.producerEpoch(), TP,
                false, () -> partition.appendAsLeader(records))).isInstanceOf(TransactionAbortableException.class);
        assertThat(partition.activeProducers()).isEmpty();
    }

    @Test
    void theClientsTransactionVersionSurvivesARestart() throws Exception {
        var session = init();
        produce(session.producerId(), session.producerEpoch(), 0);
        coordinator.close();
        coordinator = start();

        assertThat(state().transactionVersion()).isEqualTo(TV2);
        assertThat(coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true, TV2)
                .producerEpoch()).isEqualTo((short) 1);
    }

    @Test
    void onlyTransactionVersion2StateUsesTheNewRecordVersionWhichOlderReadersRefuseByName() {
        TransactionMetadata v1 = new TransactionMetadata("tx", 7, (short) 3, (short) 2, 60_000,
                TransactionState.ONGOING, Set.of(TP), Map.of(), 1, 2, TV1, -1);
        TransactionMetadata v2 = new TransactionMetadata("tx", 7, (short) 3, (short) 2, 60_000,
                TransactionState.ONGOING, Set.of(TP), Map.of(), 1, 2, TV2, 5);

        assertThat(ByteBuffer.wrap(TransactionRecordCodec.value(v1)).getShort()).isEqualTo((short) 0);
        assertThat(ByteBuffer.wrap(TransactionRecordCodec.value(v2)).getShort()).isEqualTo((short) 1);
        assertThat(TransactionRecordCodec.readValue("tx", ByteBuffer.wrap(TransactionRecordCodec.value(v1))))
                .isEqualTo(v1);
        assertThat(TransactionRecordCodec.readValue("tx", ByteBuffer.wrap(TransactionRecordCodec.value(v2))))
                .isEqualTo(v2);
        byte[] newer = TransactionRecordCodec.value(v2);
        ByteBuffer.wrap(newer).putShort((short) 2);
        assertThatThrownBy(() -> TransactionRecordCodec.readValue("tx", ByteBuffer.wrap(newer)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unknown __transaction_state value version 2 for 'tx'");
    }
}
