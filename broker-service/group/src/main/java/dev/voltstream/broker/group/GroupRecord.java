package dev.voltstream.broker.group;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * What the group log holds: the latest committed offset of a partition for a group, a classic group's generation
 * and members, a KIP-848 consumer group's epochs, target assignment and members, or the removal (tombstone) of any. Replaying them in order rebuilds the coordinator's state.
 */
sealed interface GroupRecord {
    String groupId();

    /** A committed offset; {@code offset == null} is a tombstone (the offset was deleted or expired). */
    record Offset(String groupId, TopicPartition partition, CommittedOffset offset) implements GroupRecord {
    }

    /** A classic group's generation; {@code null} members mean the group was deleted. */
    record Metadata(String groupId, String protocolType, int generationId, String protocolName, String leaderId,
                    long stateTimestamp, List<Member> members) implements GroupRecord {
    }

    /** One classic member as stored: identity, timeouts, offered protocols and assignment. */
    record Member(String memberId, String groupInstanceId, String clientId, String clientHost,
                  int rebalanceTimeoutMs, int sessionTimeoutMs, Map<String, byte[]> protocols, byte[] assignment) {
    }

    /**
     * A KIP-848 consumer group as stored, under the same key as a classic group (a group is one or the other, and the
     * later record wins): the group epoch, the epoch of its target assignment, the assignor, the partition counts the
     * target was computed for, and every member with its subscription, epochs, owned, revoking and target partitions.
     * Written whenever any of it changes, so a new coordinator resumes the group where the old one left it.
     */
    record ConsumerGroupSnapshot(String groupId, int groupEpoch, int assignmentEpoch, String assignorName,
                                 Map<String, Integer> subscribedPartitionCounts, List<ConsumerMember> members)
            implements GroupRecord {
    }

    /** One KIP-848 member as stored; {@code state} is a {@link ConsumerGroupMember.State} name. */
    record ConsumerMember(String memberId, String instanceId, String rackId, String clientId, String clientHost,
                          List<String> subscribedTopicNames, String subscribedTopicRegex, String serverAssignor,
                          int rebalanceTimeoutMs, int memberEpoch, int previousMemberEpoch, String state,
                          boolean temporarilyLeft, Map<Uuid, Set<Integer>> assigned,
                          Map<Uuid, Set<Integer>> pendingRevocation, Map<Uuid, Set<Integer>> target) {
    }
}
