package dev.voltstream.broker.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;
import dev.voltstream.broker.testkit.ManualClock;

/** The coordinator on its own: Kafka's error codes, replay of its log, offset expiry, on a clock the test moves. */
@Timeout(30)
class GroupCoordinatorTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    @TempDir
    Path dir;
    /** Drives the coordinator's timers too: they run inside {@code clock.advance}, in the test's thread. */
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
        logs = new LogManager(List.of(dir), scheduler, time());
        logs.loadLogs(tp -> LogConfig.defaults());
        GroupConfig config = GroupConfig.from(new BrokerConfig(Map.of("group.initial.rebalance.delay.ms", "0",
                "group.min.session.timeout.ms", "10", "offsets.retention.minutes", "60")));
        coordinator = GroupCoordinator.start(config, LogConfig.defaults(), logs, new FixedTopics(), scheduler,
                time());
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
    void aNewMemberLearnsItsIdFirstThenJoinsAndSyncs() {
        JoinGroupResponseData first = join("", null).join();
        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).isNotEmpty();
        JoinGroupResponseData joined = join(first.memberId(), null).join();
        assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
        assertThat(joined.generationId()).isEqualTo(1);
        assertThat(joined.leader()).isEqualTo(first.memberId());
        assertThat(joined.members()).hasSize(1);
        assertThat(sync(joined.memberId(), 1, new byte[] {7}).assignment()).containsExactly(7);
        assertThat(coordinator.heartbeat("g", joined.memberId(), null, 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void requestsFromWrongGenerationsOrUnknownMembersAreFenced() {
        String member = joinedMember(null);
        assertThat(coordinator.heartbeat("g", member, null, 7)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.heartbeat("g", "nobody", null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.heartbeat("other", member, null, 1)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(coordinator.commitOffsets("g", member, null, 7, (short) 9, -1, commit(5)).join())
                .isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(coordinator.commitOffsets("g", "", null, -1, (short) 9, -1, commit(5)).join())
                .as("a simple commit to a non-empty group").isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void aJoiningMemberPutsTheOthersIntoRebalance() {
        String first = joinedMember(null);
        var second = join(join("", null).join().memberId(), null);
        assertThat(coordinator.heartbeat("g", first, null, 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(second).isNotDone();
        join(first, null);
        assertThat(second.join().generationId()).isEqualTo(2);
    }

    @Test
    void aReplacedStaticMemberIsFencedAndTheNewOneKeepsTheGeneration() {
        String old = joinedMember("instance-1");
        JoinGroupResponseData again = join("", "instance-1").join();
        assertThat(again.generationId()).as("no rebalance").isEqualTo(1);
        assertThat(again.memberId()).isNotEqualTo(old);
        assertThat(coordinator.heartbeat("g", old, "instance-1", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(coordinator.heartbeat("g", again.memberId(), "instance-1", 1)).isEqualTo(Errors.NONE);
        assertThat(sync(again.memberId(), 1, new byte[0]).assignment()).as("the old assignment").containsExactly(7);
    }

    @Test
    void aStaticLeaderRestartingBelowV9KeepsTheGroupStableAndGetsItsAssignmentBack() {
        // librdkafka joins with v5: Kafka answers its restarted static leader as a follower, with no rebalance.
        String leader = join("", "instance-a", (short) 5).join().memberId();
        sync(leader, 1, new byte[] {1});
        var follower = join("", "instance-b", (short) 5);
        assertThat(join(leader, "instance-a", (short) 5).join().generationId()).isEqualTo(2);
        String followerId = follower.join().memberId();
        SyncGroupRequestData assignments = new SyncGroupRequestData().setGroupId("g").setMemberId(leader)
                .setGenerationId(2).setGroupInstanceId("instance-a");
        assignments.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(leader)
                .setAssignment(new byte[] {1}));
        assignments.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(followerId)
                .setAssignment(new byte[] {2}));
        assertThat(coordinator.syncGroup(assignments).join().assignment()).containsExactly(1);

        // Bounded: a rebalance here would leave this answer waiting for the other member.
        JoinGroupResponseData restarted = join("", "instance-a", (short) 5).orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(Errors.forCode(restarted.errorCode())).isEqualTo(Errors.NONE);
        assertThat(restarted.generationId()).as("no rebalance").isEqualTo(2);
        assertThat(restarted.leader()).as("not told to assign").isNotEqualTo(restarted.memberId());
        assertThat(restarted.members()).isEmpty();
        assertThat(restarted.skipAssignment()).isFalse();
        assertThat(coordinator.heartbeat("g", followerId, "instance-b", 2)).as("the other member is left alone")
                .isEqualTo(Errors.NONE);
        assertThat(sync(restarted.memberId(), 2, new byte[0]).assignment()).containsExactly(1);
        assertThat(coordinator.heartbeat("g", restarted.memberId(), "instance-a", 2)).isEqualTo(Errors.NONE);
    }

    @Test
    void aStaticLeaderRestartingAtV9IsToldToSkipTheAssignment() {
        String leader = joinedMember("instance-a");
        JoinGroupResponseData restarted = join("", "instance-a").join();
        assertThat(restarted.generationId()).isEqualTo(1);
        assertThat(restarted.leader()).isEqualTo(restarted.memberId());
        assertThat(restarted.skipAssignment()).isTrue();
        assertThat(restarted.members()).extracting(m -> m.memberId()).containsExactly(restarted.memberId());
        assertThat(leader).isNotEqualTo(restarted.memberId());
    }

    @Test
    void whenTheStaticLeaderDoesNotRejoinAMemberThatDidLeadsTheNextGeneration() {
        String leader = joinedMember("instance-a");
        var other = join("", "instance-b");
        clock.advance(5_000);
        assertThat(coordinator.heartbeat("g", leader, "instance-a", 1)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        clock.advance(6_000); // the join phase is over; the silent leader's session is not
        JoinGroupResponseData joined = other.join();
        assertThat(joined.generationId()).isEqualTo(2);
        assertThat(joined.leader()).as("the member that rejoined leads").isEqualTo(joined.memberId());
        assertThat(joined.members()).hasSize(2);
    }

    @Test
    void groupsAndOffsetsComeBackFromTheLogAfterARestart() throws Exception {
        String member = joinedMember("instance-1");
        assertThat(coordinator.commitOffsets("g", member, "instance-1", 1, (short) 9, -1, commit(42)).join())
                .isEqualTo(Errors.NONE);
        restart();
        assertThat(coordinator.fetchOffsets("g", null, -1, null).offsets().get(TP).metadata()).isEqualTo("meta");
        assertThat(coordinator.heartbeat("g", member, "instance-1", 1)).as("stable with its members")
                .isEqualTo(Errors.NONE);
        assertThat(coordinator.listGroups(Set.of("stable"), Set.of())).extracting(g -> g.groupId())
                .containsExactly("g");
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterTheRetentionAndTheGroupGoes() throws Exception {
        assertThat(coordinator.commitOffsets("idle", "", null, -1, (short) 9, -1, commit(3)).join())
                .isEqualTo(Errors.NONE);
        // The coordinator's timer runs every tick of the way: nothing may expire before the retention has passed.
        clock.advance(TimeUnit.MINUTES.toMillis(30));
        assertThat(coordinator.fetchOffsets("idle", null, -1, null).offsets()).containsKey(TP);
        clock.advance(TimeUnit.MINUTES.toMillis(31));
        assertThat(coordinator.fetchOffsets("idle", null, -1, null).offsets()).isEmpty();
        assertThat(coordinator.deleteGroup("idle").join()).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
        restart();
        assertThat(coordinator.fetchOffsets("idle", null, -1, null).offsets()).isEmpty();
    }

    @Test
    void onlyEmptyGroupsCanBeDeleted() {
        String member = joinedMember(null);
        assertThat(coordinator.deleteGroup("g").join()).isEqualTo(Errors.NON_EMPTY_GROUP);
        assertThat(coordinator.leaveGroup("g", List.of(new org.apache.kafka.common.message.LeaveGroupRequestData
                .MemberIdentity().setMemberId(member))).members().get(0).errorCode()).isZero();
        assertThat(coordinator.deleteGroup("g").join()).isEqualTo(Errors.NONE);
    }

    private String joinedMember(String instanceId) {
        String id = instanceId == null ? join("", null).join().memberId() : "";
        JoinGroupResponseData joined = join(id, instanceId).join();
        assertThat(Errors.forCode(joined.errorCode())).isEqualTo(Errors.NONE);
        sync(joined.memberId(), joined.generationId(), new byte[] {7});
        return joined.memberId();
    }

    private java.util.concurrent.CompletableFuture<JoinGroupResponseData> join(String memberId, String instanceId) {
        return join(memberId, instanceId, (short) 9);
    }

    private java.util.concurrent.CompletableFuture<JoinGroupResponseData> join(String memberId, String instanceId,
                                                                               short version) {
        return coordinator.joinGroup(new ClassicJoin("g", memberId, instanceId, "client", "/127.0.0.1", 10_000,
                10_000, "consumer", Map.of("range", new byte[] {1}), version >= 4, version >= 9, version));
    }

    private org.apache.kafka.common.message.SyncGroupResponseData sync(String memberId, int generation,
                                                                       byte[] assignment) {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId("g").setMemberId(memberId)
                .setGenerationId(generation);
        request.assignments().add(new SyncGroupRequestData.SyncGroupRequestAssignment().setMemberId(memberId)
                .setAssignment(assignment));
        return coordinator.syncGroup(request).join();
    }

    private static Map<TopicPartition, CommittedOffset> commit(long offset) {
        return Map.of(TP, new CommittedOffset(offset, 1, "meta", -1, -1));
    }

    private Time time() {
        return clock;
    }

    /** One topic "t" with one partition. */
    static final class FixedTopics implements GroupCoordinator.TopicLookup {
        private final Uuid id = Uuid.randomUuid();

        @Override
        public int partitionCount(String topic) {
            return topic.equals("t") ? 1 : -1;
        }

        @Override
        public Uuid topicId(String topic) {
            return id;
        }

        @Override
        public String topicName(Uuid topicId) {
            return id.equals(topicId) ? "t" : null;
        }

        @Override
        public java.util.Collection<String> topicNames() {
            return List.of("t");
        }
    }
}
