package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classic members' sessions: Heartbeat keeps one alive (and tells the member of a rebalance), LeaveGroup ends it, and
 * the timers evict members whose session expired and end join and sync phases that ran out of time. Removing a member
 * rebalances the group. Follows Kafka's GroupMetadataManager; all calls hold the shard's lock.
 */
final class ClassicSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicSessions.class);

    private final ClassicRebalance rebalance;

    ClassicSessions(ClassicRebalance rebalance) {
        this.rebalance = rebalance;
    }

    Errors heartbeat(ClassicGroup group, String memberId, String instanceId, int generationId, long now) {
        Errors error = ClassicErrors.validateMember(group, memberId, instanceId, generationId);
        if (error != Errors.NONE) {
            return error;
        }
        group.member(memberId).orElseThrow().heartbeat(now);
        return group.isIn(ClassicGroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    /** One member of a (batched) LeaveGroup; identified by member id, instance id, or both. */
    Errors leave(ClassicGroup group, String memberId, String instanceId, long now) {
        if (group.isIn(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (instanceId != null) {
            ClassicMember member = group.staticMember(instanceId).orElse(null);
            if (member == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !member.memberId().equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            removeMember(group, member, "left the group", now);
            return Errors.NONE;
        }
        if (group.pendingMembers().remove(memberId) != null) {
            rebalance.maybeCompleteJoin(group, now);
            return Errors.NONE;
        }
        ClassicMember member = group.member(memberId).orElse(null);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMember(group, member, "left the group", now);
        return Errors.NONE;
    }

    /** Evicts members whose session expired and ends join and sync phases that ran out of time. */
    void expire(ClassicGroup group, long now) {
        List<String> expiredPending = new ArrayList<>();
        group.pendingMembers().forEach((id, deadline) -> {
            if (now >= deadline) {
                expiredPending.add(id);
            }
        });
        expiredPending.forEach(group.pendingMembers()::remove);
        for (ClassicMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingJoin() && !m.isAwaitingSync() && now >= m.heartbeatDeadline() && group.has(m.memberId())) {
                removeMember(group, m, "expired (no heartbeat within " + m.sessionTimeoutMs() + " ms)", now);
            }
        }
        if (group.isIn(ClassicGroupState.PREPARING_REBALANCE)) {
            rebalance.maybeCompleteJoin(group, now);
        }
        if ((group.isIn(ClassicGroupState.COMPLETING_REBALANCE) || group.isIn(ClassicGroupState.STABLE))
                && !group.pendingSync().isEmpty() && now >= group.syncDeadline()) {
            for (String id : List.copyOf(group.pendingSync())) {
                group.member(id).ifPresent(m -> {
                    LOG.info("Removing member {} of group {}: no SyncGroup within the rebalance timeout", id,
                            group.groupId());
                    group.remove(id);
                });
            }
            group.pendingSync().clear();
            if (group.isIn(ClassicGroupState.STABLE) || group.isIn(ClassicGroupState.COMPLETING_REBALANCE)) {
                rebalance.rebalance(group, "members did not sync in time", now);
            }
        }
    }

    private void removeMember(ClassicGroup group, ClassicMember member, String why, long now) {
        LOG.info("Member {} of group {} {}", member.memberId(), group.groupId(), why);
        ClassicErrors.failWaiting(member, Errors.UNKNOWN_MEMBER_ID);
        group.remove(member.memberId());
        if (group.isIn(ClassicGroupState.PREPARING_REBALANCE)) {
            rebalance.maybeCompleteJoin(group, now);
        } else {
            rebalance.rebalance(group, "member " + member.memberId() + " " + why, now);
        }
    }
}
