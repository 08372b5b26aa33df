package dev.voltstream.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KIP-848 offset commit validation: epochs, and the older-epoch commit of partitions the member still holds. */
class OffsetCommitValidationTest {
    private static final short V9 = 9;
    private static final Uuid ORDERS = Uuid.randomUuid();
    private static final Function<String, Uuid> IDS = topic -> topic.equals("orders") ? ORDERS : Uuid.ZERO_UUID;

    private ConsumerGroup group;
    private ConsumerGroupMember member;

    @BeforeEach
    void memberAtEpoch5OwningOrders0AndRevokingOrders1() {
        group = new ConsumerGroup("g", "uniform");
        member = new ConsumerGroupMember("m1", null);
        member.memberEpoch = 5;
        member.assigned = new HashMap<>(Map.of(ORDERS, new HashSet<>(Set.of(0))));
        member.pendingRevocation = new HashMap<>(Map.of(ORDERS, new HashSet<>(Set.of(1))));
        group.members.put("m1", member);
    }

    private Errors commit(String memberId, int epoch, short version, TopicPartition... partitions) {
        return OffsetCommitValidation.consumer(group, memberId, epoch, version, List.of(partitions), IDS);
    }

    @Test
    void currentEpochIsAccepted() {
        assertEquals(Errors.NONE, commit("m1", 5, V9, new TopicPartition("orders", 2)));
    }

    @Test
    void newerEpochIsFenced() {
        assertEquals(Errors.FENCED_MEMBER_EPOCH, commit("m1", 6, V9, new TopicPartition("orders", 0)));
    }

    @Test
    void olderEpochIsAcceptedWhileTheMemberHoldsEveryCommittedPartition() {
        assertEquals(Errors.NONE,
                commit("m1", 4, V9, new TopicPartition("orders", 0), new TopicPartition("orders", 1)));
    }

    @Test
    void olderEpochIsStaleOnceAnyCommittedPartitionIsNotTheMembers() {
        assertEquals(Errors.STALE_MEMBER_EPOCH,
                commit("m1", 4, V9, new TopicPartition("orders", 0), new TopicPartition("orders", 2)));
        assertEquals(Errors.STALE_MEMBER_EPOCH, commit("m1", 4, V9, new TopicPartition("other", 0)));
    }

    @Test
    void olderEpochWithNoPartitionsIsStale() {
        assertEquals(Errors.STALE_MEMBER_EPOCH, commit("m1", 4, V9));
    }

    @Test
    void unknownMemberAndOldVersionsAreRefused() {
        assertEquals(Errors.UNKNOWN_MEMBER_ID, commit("nobody", 5, V9, new TopicPartition("orders", 0)));
        assertEquals(Errors.UNSUPPORTED_VERSION, commit("m1", 5, (short) 8, new TopicPartition("orders", 0)));
    }

    @Test
    void anEmptyGroupTakesCommitsWithoutAMemberEpoch() {
        group.members.clear();
        assertEquals(Errors.NONE, commit("", -1, V9, new TopicPartition("orders", 0)));
    }
}
