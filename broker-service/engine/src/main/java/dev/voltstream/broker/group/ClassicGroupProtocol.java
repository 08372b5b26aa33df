package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group membership protocol on one {@link ClassicGroup}: JoinGroup (with MEMBER_ID_REQUIRED, static
 * members and the initial rebalance delay), SyncGroup, Heartbeat, LeaveGroup, and the timers that evict silent
 * members and end join and sync phases. Follows Kafka's GroupMetadataManager; all calls hold the coordinator's lock.
 */
final class ClassicGroupProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicGroupProtocol.class);

    private final GroupConfig config;
    /** Writes the group's generation and assignments to the group log. */
    /** Writes the group's generation; completes with NONE once it is durable (replicated), else the error. */
    private final Function<ClassicGroup, CompletableFuture<Errors>> persist;

    ClassicGroupProtocol(GroupConfig config, Function<ClassicGroup, CompletableFuture<Errors>> persist) {
        this.config = config;
        this.persist = persist;
    }

    // ---- JoinGroup

    CompletableFuture<JoinGroupResponseData> join(ClassicGroup group, ClassicJoin r, long now) {
        if (r.sessionTimeoutMs() < config.minSessionTimeoutMs() || r.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return done(joinError(r, Errors.INVALID_SESSION_TIMEOUT));
        }
        if (group.isIn(ClassicGroupState.DEAD)) {
            return done(joinError(r, Errors.COORDINATOR_NOT_AVAILABLE));
        }
        if (!group.supportsProtocols(r.protocolType(), r.protocols().keySet())) {
            return done(joinError(r, Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        return r.memberId().isEmpty() ? joinNew(group, r, now) : joinKnown(group, r, now);
    }

    private CompletableFuture<JoinGroupResponseData> joinNew(ClassicGroup group, ClassicJoin r, long now) {
        String newMemberId = (r.groupInstanceId() != null ? r.groupInstanceId() : r.clientId()) + "-"
                + UUID.randomUUID();
        if (r.groupInstanceId() != null) {
            ClassicMember existing = group.staticMember(r.groupInstanceId()).orElse(null);
            if (existing != null) {
                return replaceStaticMember(group, existing, newMemberId, r, now);
            }
        }
        if (group.members().size() + group.pendingMembers().size() >= config.maxGroupSize()) {
            return done(joinError(r, Errors.GROUP_MAX_SIZE_REACHED));
        }
        if (r.requireKnownMemberId() && r.groupInstanceId() == null) {
            // KIP-394: the member learns its id first, so a retried join cannot leave a ghost member behind.
            group.pendingMembers().put(newMemberId, now + r.sessionTimeoutMs());
            return done(joinError(r, Errors.MEMBER_ID_REQUIRED).setMemberId(newMemberId));
        }
        return addMemberAndRebalance(group, newMemberId, r, now);
    }

    private CompletableFuture<JoinGroupResponseData> joinKnown(ClassicGroup group, ClassicJoin r, long now) {
        if (group.pendingMembers().containsKey(r.memberId())) {
            return addMemberAndRebalance(group, r.memberId(), r, now);
        }
        if (group.isStaticMemberFenced(r.groupInstanceId(), r.memberId())) {
            return done(joinError(r, Errors.FENCED_INSTANCE_ID));
        }
        ClassicMember member = group.member(r.memberId()).orElse(null);
        if (member == null) {
            return done(joinError(r, Errors.UNKNOWN_MEMBER_ID));
        }
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return updateMemberAndRebalance(group, member, r, now);
            case COMPLETING_REBALANCE:
                if (member.sameProtocols(r.protocols())) {
                    // The member lost our answer: give it again.
                    member.heartbeat(now);
                    return done(currentGeneration(group, member, group.isLeader(member.memberId()), false));
                }
                return updateMemberAndRebalance(group, member, r, now);
            case STABLE:
                if (group.isLeader(member.memberId()) || !member.sameProtocols(r.protocols())) {
                    // The leader rejoins when it sees metadata change: a new assignment is needed.
                    return updateMemberAndRebalance(group, member, r, now);
                }
                member.heartbeat(now);
                return done(currentGeneration(group, member, false, false));
            default:
                return done(joinError(r, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private CompletableFuture<JoinGroupResponseData> addMemberAndRebalance(ClassicGroup group, String memberId,
                                                                          ClassicJoin r, long now) {
        ClassicMember member = new ClassicMember(memberId, r.groupInstanceId(), r.clientId(), r.clientHost(),
                r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocolType(), r.protocols());
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        member.awaitingJoin(future);
        member.heartbeat(now);
        group.add(member);
        if (group.initialDelayStart() >= 0 && group.isIn(ClassicGroupState.PREPARING_REBALANCE)) {
            // group.initial.rebalance.delay.ms: each new member buys the others a little more time to arrive.
            group.joinDeadline(Math.min(now + config.initialRebalanceDelayMs(),
                    group.initialDelayStart() + group.rebalanceTimeoutMs()));
        }
        maybePrepareRebalance(group, "member " + memberId + " joined", now);
        maybeCompleteJoin(group, now);
        return future;
    }

    private CompletableFuture<JoinGroupResponseData> updateMemberAndRebalance(ClassicGroup group,
                                                                             ClassicMember member, ClassicJoin r,
                                                                             long now) {
        member.update(r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocolType(), r.protocols());
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        if (member.isAwaitingJoin()) {
            member.awaitingJoin().complete(joinError(r, Errors.REBALANCE_IN_PROGRESS));
        }
        member.awaitingJoin(future);
        member.heartbeat(now);
        maybePrepareRebalance(group, "member " + member.memberId() + " rejoined", now);
        maybeCompleteJoin(group, now);
        return future;
    }

    private CompletableFuture<JoinGroupResponseData> replaceStaticMember(ClassicGroup group, ClassicMember old,
                                                                        String newMemberId, ClassicJoin r,
                                                                        long now) {
        ClassicMember replacement = old.replacedBy(newMemberId, r.clientId(), r.clientHost());
        replacement.update(r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), r.protocolType(), r.protocols());
        if (old.isAwaitingJoin()) {
            old.awaitingJoin().complete(joinError(r, Errors.FENCED_INSTANCE_ID).setMemberId(old.memberId()));
        }
        if (old.isAwaitingSync()) {
            old.awaitingSync().complete(syncError(Errors.FENCED_INSTANCE_ID));
        }
        group.replaceStatic(old, replacement);
        replacement.heartbeat(now);
        LOG.info("Static member {} of group {} rejoined as {}", r.groupInstanceId(), group.groupId(), newMemberId);
        boolean leader = group.isLeader(newMemberId);
        // As Kafka: only a change of the group's chosen protocol forces a rebalance (the metadata of a restarted
        // consumer differs anyway: it owns nothing yet).
        boolean sameProtocol = group.protocolName() != null && group.protocolName().equals(group.selectProtocol());
        if (group.isIn(ClassicGroupState.STABLE) && sameProtocol && (!leader || r.canSkipAssignment())) {
            // KIP-345: a static member coming back unchanged keeps its assignment, no rebalance.
            return persist.apply(group).thenApply(error -> error == Errors.NONE
                    ? currentGeneration(group, replacement, leader, leader) : joinError(r, error));
        }
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        replacement.awaitingJoin(future);
        maybePrepareRebalance(group, "static member " + r.groupInstanceId() + " rejoined", now);
        maybeCompleteJoin(group, now);
        return future;
    }

    private static JoinGroupResponseData currentGeneration(ClassicGroup group, ClassicMember member,
                                                          boolean withMembers, boolean skipAssignment) {
        JoinGroupResponseData response = new JoinGroupResponseData()
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId())
                .setMemberId(member.memberId())
                .setSkipAssignment(skipAssignment);
        if (withMembers) {
            for (ClassicMember m : group.members()) {
                response.members().add(new JoinGroupResponseMember().setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId()).setMetadata(m.metadata(group.protocolName())));
            }
        }
        return response;
    }

    // ---- Rebalance phases

    void maybePrepareRebalance(ClassicGroup group, String reason, long now) {
        ClassicGroupState state = group.state();
        if (state != ClassicGroupState.STABLE && state != ClassicGroupState.COMPLETING_REBALANCE
                && state != ClassicGroupState.EMPTY) {
            return;
        }
        if (state == ClassicGroupState.COMPLETING_REBALANCE) {
            // The assignment being synced is void: tell the waiting members to rejoin.
            for (ClassicMember m : group.members()) {
                m.assignment(ClassicMember.EMPTY);
                if (m.isAwaitingSync()) {
                    m.awaitingSync().complete(syncError(Errors.REBALANCE_IN_PROGRESS));
                    m.awaitingSync(null);
                }
            }
        }
        group.pendingSync().clear();
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, now);
        if (state == ClassicGroupState.EMPTY && config.initialRebalanceDelayMs() > 0) {
            group.initialDelayStart(now);
            group.joinDeadline(now + Math.min(config.initialRebalanceDelayMs(), group.rebalanceTimeoutMs()));
        } else {
            group.initialDelayStart(-1);
            group.joinDeadline(now + group.rebalanceTimeoutMs());
        }
        LOG.info("Preparing to rebalance group {} in generation {}: {}", group.groupId(), group.generationId(),
                reason);
    }

    void maybeCompleteJoin(ClassicGroup group, long now) {
        if (!group.isIn(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        boolean delayRunning = group.initialDelayStart() >= 0 && now < group.joinDeadline();
        if ((group.hasAllMembersJoined() && !delayRunning) || now >= group.joinDeadline()) {
            completeJoin(group, now);
        }
    }

    private void completeJoin(ClassicGroup group, long now) {
        group.initialDelayStart(-1);
        group.pendingMembers().clear();
        for (ClassicMember m : List.copyOf(group.members())) {
            if (!m.isAwaitingJoin() && !m.isStatic()) {
                LOG.info("Removing member {} from group {}: it did not rejoin in time", m.memberId(),
                        group.groupId());
                group.remove(m.memberId());
            }
        }
        group.initNextGeneration(now);
        if (group.isIn(ClassicGroupState.EMPTY)) {
            LOG.info("Group {} is empty in generation {}", group.groupId(), group.generationId());
            persist.apply(group);
            return;
        }
        LOG.info("Group {} rebalanced to generation {} ({} members, protocol {})", group.groupId(),
                group.generationId(), group.members().size(), group.protocolName());
        for (ClassicMember m : group.members()) {
            group.pendingSync().add(m.memberId());
            if (m.isAwaitingJoin()) {
                CompletableFuture<JoinGroupResponseData> f = m.awaitingJoin();
                m.awaitingJoin(null);
                m.heartbeat(now);
                f.complete(currentGeneration(group, m, group.isLeader(m.memberId()), false));
            }
        }
        group.syncDeadline(now + group.rebalanceTimeoutMs());
    }

    // ---- SyncGroup

    CompletableFuture<SyncGroupResponseData> sync(ClassicGroup group, SyncGroupRequestData r, long now) {
        Errors error = validateMember(group, r.memberId(), r.groupInstanceId(), r.generationId());
        if (error != Errors.NONE) {
            return done(syncError(error));
        }
        if ((r.protocolType() != null && !r.protocolType().equals(group.protocolType()))
                || (r.protocolName() != null && !r.protocolName().equals(group.protocolName()))) {
            return done(syncError(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        ClassicMember member = group.member(r.memberId()).orElseThrow();
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return done(syncError(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE: {
                CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                member.awaitingSync(future);
                member.heartbeat(now);
                group.pendingSync().remove(member.memberId());
                if (group.isLeader(member.memberId())) {
                    Map<String, byte[]> assignments = new java.util.HashMap<>();
                    for (SyncGroupRequestAssignment a : r.assignments()) {
                        assignments.put(a.memberId(), a.assignment());
                    }
                    for (ClassicMember m : group.members()) {
                        m.assignment(assignments.get(m.memberId()));
                    }
                    int generation = group.generationId();
                    // As Kafka: the members get their assignment once the generation is durable.
                    persist.apply(group).thenAccept(written -> assignmentStored(group, generation, written, now));
                }
                return future;
            }
            case STABLE:
                member.heartbeat(now);
                group.pendingSync().remove(member.memberId());
                return done(syncSuccess(group, member));
            default:
                return done(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
    }

    /** Runs holding the shard's lock, when the leader's assignment was written (or could not be). */
    private void assignmentStored(ClassicGroup group, int generation, Errors error, long now) {
        if (!group.isIn(ClassicGroupState.COMPLETING_REBALANCE) || group.generationId() != generation) {
            return; // a rebalance started meanwhile and told the waiting members
        }
        if (error == Errors.NONE) {
            group.transitionTo(ClassicGroupState.STABLE, now);
        } else {
            LOG.warn("Cannot store generation {} of group {}: {}", generation, group.groupId(), error);
        }
        for (ClassicMember m : group.members()) {
            if (error != Errors.NONE) {
                m.assignment(ClassicMember.EMPTY);
            }
            if (m.isAwaitingSync()) {
                CompletableFuture<SyncGroupResponseData> f = m.awaitingSync();
                m.awaitingSync(null);
                f.complete(error == Errors.NONE ? syncSuccess(group, m) : syncError(error));
            }
        }
        if (error != Errors.NONE) {
            maybePrepareRebalance(group, "its assignment could not be stored", now);
        }
    }

    /** The shard stops coordinating: members waiting for a join or sync answer look for the new coordinator. */
    void unload(ClassicGroup group) {
        for (ClassicMember m : group.members()) {
            if (m.isAwaitingJoin()) {
                m.awaitingJoin().complete(new JoinGroupResponseData().setMemberId(m.memberId()).setGenerationId(-1)
                        .setErrorCode(Errors.NOT_COORDINATOR.code()));
                m.awaitingJoin(null);
            }
            if (m.isAwaitingSync()) {
                m.awaitingSync().complete(syncError(Errors.NOT_COORDINATOR));
                m.awaitingSync(null);
            }
        }
    }

    private static SyncGroupResponseData syncSuccess(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData().setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName()).setAssignment(member.assignment());
    }

    // ---- Heartbeat, LeaveGroup

    Errors heartbeat(ClassicGroup group, String memberId, String instanceId, int generationId, long now) {
        Errors error = validateMember(group, memberId, instanceId, generationId);
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
            maybeCompleteJoin(group, now);
            return Errors.NONE;
        }
        ClassicMember member = group.member(memberId).orElse(null);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMember(group, member, "left the group", now);
        return Errors.NONE;
    }

    /** Kafka's checks, in Kafka's order, for a request from a member of the current generation. */
    static Errors validateMember(ClassicGroup group, String memberId, String instanceId, int generationId) {
        if (group.isIn(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (group.isStaticMemberFenced(instanceId, memberId)) {
            return Errors.FENCED_INSTANCE_ID;
        }
        if (!group.has(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (generationId != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    private void removeMember(ClassicGroup group, ClassicMember member, String why, long now) {
        LOG.info("Member {} of group {} {}", member.memberId(), group.groupId(), why);
        if (member.isAwaitingJoin()) {
            member.awaitingJoin().complete(new JoinGroupResponseData().setMemberId(member.memberId())
                    .setGenerationId(-1).setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
            member.awaitingJoin(null);
        }
        if (member.isAwaitingSync()) {
            member.awaitingSync().complete(syncError(Errors.UNKNOWN_MEMBER_ID));
            member.awaitingSync(null);
        }
        group.remove(member.memberId());
        if (group.isIn(ClassicGroupState.PREPARING_REBALANCE)) {
            maybeCompleteJoin(group, now);
        } else {
            maybePrepareRebalance(group, "member " + member.memberId() + " " + why, now);
            maybeCompleteJoin(group, now);
        }
    }

    // ---- Timers

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
            maybeCompleteJoin(group, now);
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
                maybePrepareRebalance(group, "members did not sync in time", now);
                maybeCompleteJoin(group, now);
            }
        }
    }

    // ---- Answers

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    static JoinGroupResponseData joinError(ClassicJoin r, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
                .setMemberId(r.memberId()).setProtocolName(r.version() >= 7 ? null : "");
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code());
    }
}
