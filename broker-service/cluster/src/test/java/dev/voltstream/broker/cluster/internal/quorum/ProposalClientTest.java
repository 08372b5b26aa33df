package dev.voltstream.broker.cluster.internal.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.ratis.client.retry.ClientRetryEvent;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.QuorumConfig;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.testkit.FreePorts;

/** A proposal is retried until metadata.proposal.timeout.ms, then fails as REQUEST_TIMED_OUT; the next one works. */
@Timeout(60)
class ProposalClientTest {
    private static final long TIMEOUT_MS = 1_500;

    @TempDir
    Path dir;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void everyRequestTypeIsRetriedWithASleepUntilItsDeadlineThenGivenUp() {
        RetryPolicy policy = ProposalClient.retryPolicy(TIMEOUT_MS);
        for (RaftClientRequest.Type type : List.of(RaftClientRequest.writeRequestType(),
                RaftClientRequest.readRequestType(), RaftClientRequest.watchRequestType())) {
            RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(ClientId.randomId())
                    .setServerId(RaftPeerId.valueOf("n1")).setGroupId(RaftGroupId.randomId()).setCallId(1)
                    .setMessage(Message.EMPTY).setType(type).build();
            NotLeaderException cause = new NotLeaderException(null, null, List.of());

            RetryPolicy.Action early = policy.handleAttemptFailure(new ClientRetryEvent(50, request, 50, cause,
                    Timestamp.currentTime().addTimeMs(-(TIMEOUT_MS - 500))));
            assertThat(early.shouldRetry()).as("%s within its deadline, after 50 attempts", type).isTrue();
            assertThat(early.getSleepTime().toLong(TimeUnit.MILLISECONDS)).isEqualTo(ProposalClient.RETRY_SLEEP_MS);

            RetryPolicy.Action late = policy.handleAttemptFailure(new ClientRetryEvent(2, request, 2, cause,
                    Timestamp.currentTime().addTimeMs(-TIMEOUT_MS)));
            assertThat(late.shouldRetry()).as("%s past its deadline, after 2 attempts", type).isFalse();
        }
    }

    @Test
    void aProposalWithoutAQuorumFailsAfterTheDeadlineAndTheNextOneIsCommittedOnceThereIsOne() throws Exception {
        int[] ports = FreePorts.next(2);
        List<QuorumConfig.Voter> voters = List.of(new QuorumConfig.Voter(1, "127.0.0.1", ports[0]),
                new QuorumConfig.Voter(2, "127.0.0.1", ports[1]));
        MetadataQuorum first = start(voters, 1);
        MetadataQuorum second = null;
        try {
            // One voter of two: no leader can be elected, so nothing can commit.
            long start = System.nanoTime();
            assertThatThrownBy(() -> first.submit(retention("1")).get())
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(ProposalTimeoutException.class).isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("metadata.proposal.timeout.ms");
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Given up once the deadline passed: after it, within one more attempt (the Ratis request timeout).
            assertThat(tookMs).isBetween(TIMEOUT_MS, TIMEOUT_MS + 2 * TIMEOUT_MS + 5_000);
            assertThat(Errors.forException(new ProposalTimeoutException("x", null)))
                    .isEqualTo(Errors.REQUEST_TIMED_OUT);

            second = start(voters, 2);
            // The client that gave up was replaced: a new proposal reaches the leader elected now.
            first.submit(retention("2")).get(30, TimeUnit.SECONDS);
            assertThat(first.image().brokerConfigs().get("")).containsExactly(java.util.Map.entry("log.retention.ms",
                    "2"));
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private MetadataQuorum start(List<QuorumConfig.Voter> voters, int id) throws IOException {
        QuorumConfig config = new QuorumConfig(id, voters, voters.get(id - 1), Set.of("CONTROLLER"), 500, 2_500,
                10_000, 500, 20_000, 1 << 20, TIMEOUT_MS, Optional.empty());
        return MetadataQuorum.start(config, dir.resolve("node-" + id), image -> { }, scheduler);
    }

    /** A command that applies on any image: the cluster-wide default retention. */
    private static MetadataCommand retention(String ms) {
        return new MetadataCommand.AlterBrokerConfigs("", java.util.Map.of("log.retention.ms", ms));
    }
}
