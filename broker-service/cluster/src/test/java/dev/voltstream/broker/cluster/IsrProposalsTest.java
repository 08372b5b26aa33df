package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.metrics.BrokerMetrics;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.PartitionLog;

class IsrProposalsTest {
    private static final TopicPartition TP = new TopicPartition("chaos", 2);

    @TempDir
    Path dir;
    private PartitionLog log;
    private Partition partition;
    private final List<MetadataCommand> proposed = new ArrayList<>();
    private final AtomicInteger settled = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        log = PartitionLog.open(dir.resolve("chaos-2"), TP, LogConfig.defaults(), Time.SYSTEM);
        partition = new Partition(TP, Uuid.randomUuid(), log, 2, (tp, bytes) -> { });
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    @Test
    void aProposalTheQuorumNeverSettlesIsGivenUpSoThePartitionCanProposeAgain() {
        IsrProposals proposals = new IsrProposals(2, command -> {
            proposed.add(command);
            return new CompletableFuture<>(); // a Raft client that never answers
        }, new BrokerMetrics(), 100);

        proposals.propose(partition, 7, List.of(2, 3), settled::incrementAndGet);

        assertThat(proposed).containsExactly(new MetadataCommand.AlterIsr("chaos", 2, 2, 7, List.of(2, 3)));
        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    }

    @Test
    void aCommittedProposalSettlesAtOnce() {
        IsrProposals proposals = new IsrProposals(2, command -> CompletableFuture.completedFuture(null),
                new BrokerMetrics(), 60_000);

        proposals.propose(partition, 7, List.of(2, 3), settled::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    }

    @Test
    void aRefusedOrThrowingProposalSettlesToo() {
        new IsrProposals(2, command -> CompletableFuture.failedFuture(new IllegalStateException("fenced")),
                new BrokerMetrics(), 60_000).propose(partition, 7, List.of(2), settled::incrementAndGet);
        new IsrProposals(2, command -> {
            throw new IllegalStateException("quorum closed");
        }, new BrokerMetrics(), 60_000).propose(partition, 7, List.of(2), settled::incrementAndGet);

        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 2);
    }

    /**
     * The Raft client completes a proposal on its own thread while holding its own lock, and a leader holding the
     * partition's lock needs that client lock to submit its next proposal: a settlement that took the partition's
     * lock on the completing thread deadlocked the two (seen in a txn-copier run: the leader's request handlers
     * stopped for good, so its followers never fetched again).
     */
    @Test
    void theSettlementDoesNotRunOnTheThreadThatCompletesTheProposal() throws Exception {
        CompletableFuture<Void> reply = new CompletableFuture<>();
        Object partitionLock = new Object();
        new IsrProposals(2, command -> reply, new BrokerMetrics(), 60_000).propose(partition, 7, List.of(2, 3),
                () -> {
                    synchronized (partitionLock) {
                        settled.incrementAndGet();
                    }
                });
        Thread raft = new Thread(() -> reply.complete(null));
        synchronized (partitionLock) {
            raft.start();
            raft.join(5_000);
            assertThat(raft.isAlive()).as("the completing thread waits for the partition's lock").isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> settled.get() == 1);
    }
}
