package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;

/**
 * Rebuilds groups and offsets from replayed {@link GroupRecord}s, and turns live state back into records (to persist
 * a classic generation or a consumer group, or to rewrite the log). A classic group comes back Stable with its members
 * (who then have a session timeout to heartbeat) or Empty; a KIP-848 consumer group comes back at its epochs with
 * every member's subscription and partitions, each member with a fresh session (as Kafka's coordinator does on load);
 * a group with offsets only comes back as an empty classic group, as in Kafka.
 */
final class GroupLoader {
    private final Map<String, Group> groups;
    private final OffsetStore offsets;
    private final long now;
    private final long consumerSessionTimeoutMs;

    GroupLoader(Map<String, Group> groups, OffsetStore offsets, long now, long consumerSessionTimeoutMs) {
        this.groups = groups;
        this.offsets = offsets;
        this.now = now;
        this.consumerSessionTimeoutMs = consumerSessionTimeoutMs;
    }

    void apply(GroupRecord record) {
        if (record instanceof GroupRecord.Offset o) {
            if (o.offset() == null) {
                offsets.remove(o.groupId(), o.partition());
            } else {
                offsets.put(o.groupId(), o.partition(), o.offset());
            }
            return;
        }
        if (record instanceof GroupRecord.ConsumerGroupSnapshot snapshot) {
            groups.put(snapshot.groupId(), restore(snapshot));
            return;
        }
        GroupRecord.Metadata m = (GroupRecord.Metadata) record;
        if (m.members() == null) {
            groups.remove(m.groupId());
            return;
        }
        ClassicGroup group = new ClassicGroup(m.groupId(), m.stateTimestamp());
        for (GroupRecord.Member member : m.members()) {
            ClassicMember restored = new ClassicMember(member.memberId(), member.groupInstanceId(),
                    member.clientId(), member.clientHost(), member.rebalanceTimeoutMs(), member.sessionTimeoutMs(),
                    m.protocolType(), member.protocols());
            restored.assignment(member.assignment());
            restored.heartbeat(now);
            group.add(restored);
        }
        group.restore(m.generationId(), m.protocolType(), m.protocolName(), m.leaderId(), m.stateTimestamp());
        groups.put(m.groupId(), group);
    }

    void finish() {
        for (String groupId : offsets.groups()) {
            groups.computeIfAbsent(groupId, id -> new ClassicGroup(id, now));
        }
    }

    static GroupRecord.Metadata snapshot(ClassicGroup group) {
        List<GroupRecord.Member> members = new ArrayList<>();
        for (ClassicMember m : group.members()) {
            members.add(new GroupRecord.Member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), m.protocols(), m.assignment()));
        }
        return new GroupRecord.Metadata(group.groupId(), group.protocolType().isEmpty() ? null : group.protocolType(),
                group.generationId(), group.protocolName(), group.leaderId(), group.stateTimestamp(), members);
    }

    private ConsumerGroup restore(GroupRecord.ConsumerGroupSnapshot snapshot) {
        ConsumerGroup group = new ConsumerGroup(snapshot.groupId(), snapshot.assignorName());
        group.groupEpoch = snapshot.groupEpoch();
        group.assignmentEpoch = snapshot.assignmentEpoch();
        group.subscribedPartitionCounts = Map.copyOf(snapshot.subscribedPartitionCounts());
        group.targetAssignment = new HashMap<>();
        for (GroupRecord.ConsumerMember stored : snapshot.members()) {
            ConsumerGroupMember m = new ConsumerGroupMember(stored.memberId(), stored.instanceId());
            m.rackId = stored.rackId();
            m.clientId = stored.clientId();
            m.clientHost = stored.clientHost();
            m.subscribedTopicNames = stored.subscribedTopicNames();
            m.subscribedTopicRegex = stored.subscribedTopicRegex();
            m.serverAssignor = stored.serverAssignor();
            m.rebalanceTimeoutMs = stored.rebalanceTimeoutMs();
            m.memberEpoch = stored.memberEpoch();
            m.previousMemberEpoch = stored.previousMemberEpoch();
            m.state = ConsumerGroupMember.State.valueOf(stored.state());
            m.temporarilyLeft = stored.temporarilyLeft();
            m.assigned = mutable(stored.assigned());
            m.pendingRevocation = mutable(stored.pendingRevocation());
            m.sessionDeadline = now + consumerSessionTimeoutMs;
            m.revocationDeadline = m.pendingRevocation.isEmpty() ? -1
                    : now + Math.max(m.rebalanceTimeoutMs, consumerSessionTimeoutMs);
            group.members.put(m.memberId(), m);
            if (!stored.target().isEmpty()) {
                group.targetAssignment.put(m.memberId(), mutable(stored.target()));
            }
        }
        group.persisted = snapshot;
        return group;
    }

    static GroupRecord.ConsumerGroupSnapshot snapshot(ConsumerGroup group) {
        List<GroupRecord.ConsumerMember> members = new ArrayList<>(group.members.size());
        for (ConsumerGroupMember m : group.members.values()) {
            members.add(new GroupRecord.ConsumerMember(m.memberId(), m.instanceId, m.rackId, m.clientId,
                    m.clientHost, List.copyOf(m.subscribedTopicNames), m.subscribedTopicRegex, m.serverAssignor,
                    m.rebalanceTimeoutMs, m.memberEpoch, m.previousMemberEpoch, m.state.name(), m.temporarilyLeft,
                    copy(m.assigned), copy(m.pendingRevocation),
                    copy(group.targetAssignment.getOrDefault(m.memberId(), Map.of()))));
        }
        return new GroupRecord.ConsumerGroupSnapshot(group.groupId(), group.groupEpoch, group.assignmentEpoch,
                group.assignorName, Map.copyOf(group.subscribedPartitionCounts), List.copyOf(members));
    }

    private static Map<Uuid, Set<Integer>> copy(Map<Uuid, Set<Integer>> partitions) {
        Map<Uuid, Set<Integer>> copy = new LinkedHashMap<>();
        partitions.forEach((topic, ps) -> copy.put(topic, Set.copyOf(ps)));
        return copy;
    }

    private static Map<Uuid, Set<Integer>> mutable(Map<Uuid, Set<Integer>> partitions) {
        Map<Uuid, Set<Integer>> copy = new HashMap<>();
        partitions.forEach((topic, ps) -> copy.put(topic, new HashSet<>(ps)));
        return copy;
    }

    /** Everything a replay needs to rebuild the current state: groups of both kinds and all offsets. */
    static List<GroupRecord> liveState(Map<String, Group> groups, OffsetStore offsets) {
        List<GroupRecord> records = new ArrayList<>();
        Collection<Group> all = groups.values();
        for (Group g : all) {
            if (g instanceof ClassicGroup cg) {
                records.add(snapshot(cg));
            } else if (g instanceof ConsumerGroup consumer) {
                records.add(snapshot(consumer));
            }
        }
        for (String groupId : offsets.groups()) {
            offsets.offsets(groupId).forEach((tp, c) -> records.add(new GroupRecord.Offset(groupId, tp, c)));
        }
        return records;
    }
}
