package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.RecordBatch;
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

/**
 * The coordinator of cluster mode over one {@code __transaction_state} partition led by broker 1 with broker 2 in its
 * ISR: nothing is coordinated before the election, a state change is answered only once the follower has it, a
 * resigned broker answers NOT_COORDINATOR (and writes no more markers), too few in-sync replicas
 * COORDINATOR_NOT_AVAILABLE, and a new leader loads the ids of its partition.
 */
@Timeout(30)
class ReplicatedTransactionCoordinatorTest {
    private static final TopicPartition STATE_0 = new TopicPartition("__transaction_state", 0);
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;
    ScheduledThreadPoolExecutor scheduler;
    LogManager logs;
    Partition partition;
    ReplicaManager replicas;
    TransactionCoordinator coordinator;
    int minIsr = 1;

    @BeforeEach
    void open() throws Exception {
        scheduler = new ScheduledThreadPoolExecutor(1);
        logs = new LogManager(List.of(dir), scheduler, Time.SYSTEM);
        logs.loadLogs(tp -> LogConfig.defaults());
        partition = new Partition(STATE_0, Uuid.randomUuid(), logs.getOrCreateLog(STATE_0, LogConfig.defaults()),
                1, (tp, bytes) -> { });
        partition.makeLeader(1, List.of(1, 2), List.of(1, 2), System.currentTimeMillis());
        replicas = new ReplicaManager(1, logs, new FetchPurgatory(scheduler));
        coordinator = TransactionCoordinator.clustered(new TransactionConfig(60_000, 60_000, 60_000, 5_000),
                new TransactionMarkers(replicas), (group, offsets) -> CompletableFuture.completedFuture(Errors.NONE),
                new ProducerIdAllocator(dir.resolve("producer-ids")), () -> 1, () -> minIsr, Time.SYSTEM);
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
        scheduler.shutdownNow();
    }

    private void elect(int epoch) {
        coordinator.elected(partition, epoch);
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.coordinates("tx") == Errors.NONE);
    }

    private CompletableFuture<TransactionCoordinator.InitResult> init() {
        return coordinator.submit(() -> coordinator.initProducerId("tx", 10_000, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH));
    }

    /** Once the leader has written the state, lets the follower fetch all of it, which advances the high watermark. */
    private void followerFetchesTheWrite() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> partition.logEndOffset() > partition.highWatermark());
        partition.readForReplica(2, partition.logEndOffset(), 1 << 20, System.currentTimeMillis());
    }

    @Test
    void idsOfAPartitionThisBrokerDoesNotLeadAreNotCoordinatedHere() throws Exception {
        assertThat(init().get().error()).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.addPartitions("tx", 0, (short) 0, Set.of(TP), TransactionMetadata.TV_1))
                .isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.endTransaction("tx", 0, (short) 0, true, TransactionMetadata.TV_1).error())
                .isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.list()).isEmpty();
    }

    @Test
    void aStateChangeIsAnsweredOnlyOnceTheFollowerHasIt() throws Exception {
        elect(1);
        CompletableFuture<TransactionCoordinator.InitResult> init = init();
        await().atMost(Duration.ofSeconds(5)).until(() -> partition.logEndOffset() > partition.highWatermark());
        assertThat(init).as("waiting for the follower").isNotDone();

        followerFetchesTheWrite();

        assertThat(init.get().error()).isEqualTo(Errors.NONE);
        assertThat(coordinator.describe("tx")).isPresent();
    }

    @Test
    void tooFewInSyncReplicasIsCoordinatorNotAvailable() throws Exception {
        minIsr = 3;
        elect(1);
        assertThat(init().get().error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(coordinator.describe("tx")).as("nothing adopted").isEmpty();
    }

    @Test
    void aResignedCoordinatorAnswersNotCoordinatorAndANewLeaderLoadsTheIds() throws Exception {
        elect(1);
        CompletableFuture<TransactionCoordinator.InitResult> init = init();
        followerFetchesTheWrite();
        TransactionCoordinator.InitResult session = init.get();
        assertThat(session.error()).isEqualTo(Errors.NONE);

        partition.makeFollower(2, 2, List.of(1, 2), List.of(1, 2));
        coordinator.resigned(STATE_0);
        assertThat(coordinator.coordinates("tx")).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(coordinator.addPartitions("tx", session.producerId(), session.producerEpoch(), Set.of(TP),
                TransactionMetadata.TV_1))
                .isEqualTo(Errors.NOT_COORDINATOR);

        partition.makeLeader(3, List.of(1, 2), List.of(1, 2), System.currentTimeMillis());
        elect(3);
        assertThat(coordinator.describe("tx")).get().extracting(TransactionMetadata::producerId)
                .isEqualTo(session.producerId());
    }

    /**
     * A coordinator that lost its partition between persisting a decision and writing its markers leaves them to the
     * new coordinator: written late, they could land after the producer's next transaction began.
     */
    @Test
    void aCoordinatorThatResignedWritesNoMarkers() throws Exception {
        Partition data = replicas.getOrCreatePartition(TP, Uuid.randomUuid(), LogConfig.defaults());
        data.makeLeader(0, List.of(1), List.of(1), System.currentTimeMillis());
        elect(1);
        CompletableFuture<TransactionCoordinator.InitResult> init = init();
        followerFetchesTheWrite();
        TransactionCoordinator.InitResult session = init.get();
        CompletableFuture<Errors> added = coordinator.submit(() -> coordinator.addPartitions("tx",
                session.producerId(), session.producerEpoch(), Set.of(TP), TransactionMetadata.TV_2));
        followerFetchesTheWrite();
        assertThat(added.get()).isEqualTo(Errors.NONE);

        CompletableFuture<TransactionCoordinator.EndResult> ended = coordinator.submit(() ->
                coordinator.endTransaction("tx", session.producerId(), session.producerEpoch(), true,
                        TransactionMetadata.TV_2));
        await().atMost(Duration.ofSeconds(5)).until(() -> partition.logEndOffset() > partition.highWatermark());
        coordinator.resigned(STATE_0); // the PrepareCommit is being replicated
        followerFetchesTheWrite();

        assertThat(ended.get().error()).isEqualTo(Errors.CONCURRENT_TRANSACTIONS);
        assertThat(data.logEndOffset()).as("no marker written").isZero();
    }
}
