package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds groups and offsets from replayed {@link GroupRecord}s, and turns live state back into records (to persist
 * a classic generation, or to rewrite the log). A classic group comes back Stable with its members (who then have a
 * session timeout to heartbeat) or Empty; a group with offsets only comes back as an empty classic group, as in Kafka.
 */
final class GroupLoader {
    private final Map<String, Group> groups;
    private final OffsetStore offsets;
    private final long now;

    GroupLoader(Map<String, Group> groups, OffsetStore offsets, long now) {
        this.groups = groups;
        this.offsets = offsets;
        this.now = now;
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

    /** Everything a replay needs to rebuild the current state: classic generations and all offsets. */
    static List<GroupRecord> liveState(Map<String, Group> groups, OffsetStore offsets) {
        List<GroupRecord> records = new ArrayList<>();
        Collection<Group> all = groups.values();
        for (Group g : all) {
            if (g instanceof ClassicGroup cg) {
                records.add(snapshot(cg));
            }
        }
        for (String groupId : offsets.groups()) {
            offsets.offsets(groupId).forEach((tp, c) -> records.add(new GroupRecord.Offset(groupId, tp, c)));
        }
        return records;
    }
}
