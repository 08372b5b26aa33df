package dev.voltstream.broker.group;

import java.util.Collection;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/** Who may commit or fetch a group's offsets: Kafka's rules for classic generations and KIP-848 member epochs. */
final class OffsetCommitValidation {
    private OffsetCommitValidation() {
    }

    /** Kafka's ClassicGroup.validateOffsetCommit; a valid commit also counts as the member's heartbeat. */
    static Errors classic(ClassicGroup group, String memberId, String instanceId, int generationId, long now) {
        if (group.isIn(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generationId < 0 && group.isIn(ClassicGroupState.EMPTY)) {
            // Admin tools and consumers without group management commit to empty groups only.
            return Errors.NONE;
        }
        if (generationId >= 0 || !memberId.isEmpty() || instanceId != null) {
            Errors error = ClassicErrors.validateMember(group, memberId, instanceId, generationId);
            if (error != Errors.NONE) {
                return error;
            }
        } else {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.isIn(ClassicGroupState.COMPLETING_REBALANCE)) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        group.member(memberId).ifPresent(m -> m.heartbeat(now));
        return Errors.NONE;
    }

    /**
     * Kafka's ConsumerGroup.validateOffsetCommit: the member's current epoch, or no member at all when empty. An older
     * epoch is accepted when the member still holds every partition it commits (as KIP-1251's assignment epochs
     * allow): its epoch may move on in a heartbeat response still on its way to it, and a commit for partitions
     * nobody else owns is safe. Without this, a commitSync racing a rebalance fails with STALE_MEMBER_EPOCH.
     */
    static Errors consumer(ConsumerGroup group, String memberId, int memberEpoch, short apiVersion,
                           Collection<TopicPartition> partitions, Function<String, Uuid> topicIds) {
        if (memberEpoch < 0 && group.isEmpty()) {
            return Errors.NONE;
        }
        ConsumerGroupMember member = group.member(memberId).orElse(null);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (apiVersion < 9) {
            return Errors.UNSUPPORTED_VERSION;
        }
        Errors error = epochError(memberEpoch, member.memberEpoch);
        if (error == Errors.STALE_MEMBER_EPOCH && memberEpoch >= 0 && !partitions.isEmpty()
                && partitions.stream().allMatch(tp -> member.holds(topicIds.apply(tp.topic()), tp.partition()))) {
            return Errors.NONE;
        }
        return error;
    }

    static Errors consumerFetch(ConsumerGroup group, String memberId, int memberEpoch) {
        ConsumerGroupMember member = group.member(memberId).orElse(null);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return epochError(memberEpoch, member.memberEpoch);
    }

    private static Errors epochError(int received, int expected) {
        if (received > expected) {
            return Errors.FENCED_MEMBER_EPOCH;
        }
        return received < expected ? Errors.STALE_MEMBER_EPOCH : Errors.NONE;
    }
}
