package dev.voltstream.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.testkit.ManualClock;

/**
 * KIP-848 groups survive their coordinator: epochs, members and assignments are written to the group log, so a
 * coordinator that loads the log again (a restart here; a new leader of the {@code __consumer_offsets} partition in a
 * cluster, which loads the same way) lets every member carry on at its epoch with its partitions, without a rebalance.
 */
class ConsumerGroupPersistenceTest {
    private static final Uuid TOPIC_ID = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(1_700_000_000_000L);
    ScheduledExecutorService scheduler;
    LogManager logs;
    GroupCoordinator coordinator;

    @BeforeEach
    void open() throws Exception {
        scheduler = clock.scheduler();
        start();
    }

    private void start() throws Exception {
        logs = new LogManager(List.of(dir), scheduler, clock);
        logs.loadLogs(tp -> LogConfig.defaults());
        GroupConfig config = GroupConfig.from(new BrokerConfig(Map.of()));
        coordinator = GroupCoordinator.start(config, LogConfig.defaults(), logs, new FourPartitions(), scheduler,
                clock);
    }

    private void restart() throws Exception {
        coordinator.close();
        logs.close();
        start();
    }

    @AfterEach
    void close() throws Exception {
        coordinator.close();
        logs.close();
        scheduler.shutdownNow();
    }

    @Test
    void membersKeepTheirEpochAndPartitionsAcrossACoordinatorRestart() throws Exception {
        Member a = new Member();
        Member b = new Member();
        a.heartbeat();
        b.heartbeat();
        converge(a, b);
        assertThat(a.owned).hasSize(2);
        assertThat(b.owned).hasSize(2);
        int epochBefore = a.epoch;

        restart();

        ConsumerGroupHeartbeatResponseData afterA = a.heartbeat();
        ConsumerGroupHeartbeatResponseData afterB = b.heartbeat();
        assertThat(afterA.errorCode()).as("not fenced by the new coordinator").isEqualTo(Errors.NONE.code());
        assertThat(afterB.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(a.epoch).as("no new group epoch: no rebalance").isEqualTo(epochBefore);
        assertThat(b.epoch).isEqualTo(epochBefore);
        ConsumerGroupDescribeResponseData.DescribedGroup group = coordinator.describeConsumerGroup("g");
        assertThat(group.groupEpoch()).isEqualTo(epochBefore);
        assertThat(group.assignmentEpoch()).isEqualTo(epochBefore);
        assertThat(group.members()).hasSize(2);
        Map<String, Set<Integer>> assigned = new HashMap<>();
        group.members().forEach(m -> assigned.put(m.memberId(), new TreeSet<>(m.assignment().topicPartitions()
                .get(0).partitions())));
        assertThat(assigned).containsEntry(a.id, a.owned).containsEntry(b.id, b.owned);
    }

    @Test
    void aMemberThatLeftStaysGoneAndTheOthersKeepTheWholeAssignmentAfterARestart() throws Exception {
        Member a = new Member();
        Member b = new Member();
        a.heartbeat();
        b.heartbeat();
        converge(a, b);
        b.leave();
        converge(a);
        assertThat(a.owned).containsExactly(0, 1, 2, 3);

        restart();

        assertThat(a.heartbeat().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(a.owned).containsExactly(0, 1, 2, 3);
        assertThat(coordinator.describeConsumerGroup("g").members()).extracting(m -> m.memberId())
                .containsExactly(a.id);
        assertThat(b.heartbeat().errorCode()).as("the member that left is unknown")
                .isEqualTo(Errors.UNKNOWN_MEMBER_ID.code());
    }

    @Test
    void aRestoredMemberThatNeverComesBackExpiresAfterItsSession() throws Exception {
        Member a = new Member();
        a.heartbeat();
        converge(a);
        restart();

        clock.advance(GroupConfig.from(new BrokerConfig(Map.of())).consumerSessionTimeoutMs() + 1_000);

        assertThat(coordinator.describeConsumerGroup("g").members()).isEmpty();
    }

    private static void converge(Member... members) {
        for (int round = 0; round < 10; round++) {
            boolean stable = true;
            for (Member m : members) {
                ConsumerGroupHeartbeatResponseData r = m.heartbeat();
                assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
                stable &= r.assignment() == null;
            }
            if (stable && round > 0) {
                return;
            }
        }
    }

    /** A consumer as the Java client drives it: it owns what it was last assigned and reports it. */
    private final class Member {
        String id = "";
        int epoch;
        Set<Integer> owned = new TreeSet<>();

        ConsumerGroupHeartbeatResponseData heartbeat() {
            ConsumerGroupHeartbeatRequestData request = new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                    .setMemberId(id).setMemberEpoch(epoch).setRebalanceTimeoutMs(30_000);
            if (epoch == 0) {
                request.setSubscribedTopicNames(List.of("t")).setTopicPartitions(List.of());
            } else {
                request.setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                        .setTopicId(TOPIC_ID).setPartitions(new ArrayList<>(owned))));
            }
            ConsumerGroupHeartbeatResponseData response = coordinator.consumerGroupHeartbeat(request, "client",
                    "/127.0.0.1").join();
            if (response.errorCode() == Errors.NONE.code()) {
                id = response.memberId();
                epoch = response.memberEpoch();
                if (response.assignment() != null) {
                    owned = new TreeSet<>();
                    response.assignment().topicPartitions().forEach(tp -> owned.addAll(tp.partitions()));
                }
            }
            return response;
        }

        void leave() {
            coordinator.consumerGroupHeartbeat(new ConsumerGroupHeartbeatRequestData().setGroupId("g")
                    .setMemberId(id).setMemberEpoch(-1), "client", "/127.0.0.1").join();
        }
    }

    /** One topic "t" with four partitions and an id that stays the same across restarts. */
    private static final class FourPartitions implements GroupCoordinator.TopicLookup {
        @Override
        public int partitionCount(String topic) {
            return topic.equals("t") ? 4 : -1;
        }

        @Override
        public Uuid topicId(String topic) {
            return topic.equals("t") ? TOPIC_ID : null;
        }

        @Override
        public String topicName(Uuid id) {
            return TOPIC_ID.equals(id) ? "t" : null;
        }

        @Override
        public Collection<String> topicNames() {
            return List.of("t");
        }
    }
}
