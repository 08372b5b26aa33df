package dev.voltstream.broker.group;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The classic group membership protocol on one {@link ClassicGroup}, as the shard sees it: JoinGroup
 * ({@link ClassicJoinPhase}), SyncGroup ({@link ClassicSyncPhase}), Heartbeat, LeaveGroup and the timers
 * ({@link ClassicSessions}), all moving the group through {@link ClassicRebalance}; errors and the member check are
 * {@link ClassicErrors}. Follows Kafka's GroupMetadataManager; all calls hold the shard's lock.
 */
final class ClassicGroupProtocol {
    private final ClassicJoinPhase joins;
    private final ClassicSyncPhase syncs;
    private final ClassicSessions sessions;

    /** {@code persist} writes the group's generation; completes with NONE once it is durable, else the error. */
    ClassicGroupProtocol(GroupConfig config, Function<ClassicGroup, CompletableFuture<Errors>> persist) {
        ClassicRebalance rebalance = new ClassicRebalance(config, persist);
        this.joins = new ClassicJoinPhase(config, persist, rebalance);
        this.syncs = new ClassicSyncPhase(persist, rebalance);
        this.sessions = new ClassicSessions(rebalance);
    }

    CompletableFuture<JoinGroupResponseData> join(ClassicGroup group, ClassicJoin r, long now) {
        return joins.join(group, r, now);
    }

    CompletableFuture<SyncGroupResponseData> sync(ClassicGroup group, SyncGroupRequestData r, long now) {
        return syncs.sync(group, r, now);
    }

    Errors heartbeat(ClassicGroup group, String memberId, String instanceId, int generationId, long now) {
        return sessions.heartbeat(group, memberId, instanceId, generationId, now);
    }

    /** One member of a (batched) LeaveGroup; identified by member id, instance id, or both. */
    Errors leave(ClassicGroup group, String memberId, String instanceId, long now) {
        return sessions.leave(group, memberId, instanceId, now);
    }

    /** Evicts members whose session expired and ends join and sync phases that ran out of time. */
    void expire(ClassicGroup group, long now) {
        sessions.expire(group, now);
    }

    /** The shard stops coordinating: members waiting for a join or sync answer look for the new coordinator. */
    void unload(ClassicGroup group) {
        for (ClassicMember m : group.members()) {
            ClassicErrors.failWaiting(m, Errors.NOT_COORDINATOR);
        }
    }
}
