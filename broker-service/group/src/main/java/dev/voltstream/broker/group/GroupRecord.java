package dev.voltstream.broker.group;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * What the group log holds: the latest committed offset of a partition for a group, a classic group's generation
 * and members, or the removal (tombstone) of either. Replaying them in order rebuilds the coordinator's state.
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
}
