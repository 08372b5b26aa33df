package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.ClassicErrors.joinError;
import static dev.voltstream.broker.group.ClassicErrors.syncError;
import static dev.voltstream.broker.group.ClassicRebalance.currentGeneration;
import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JoinGroup on a classic group: new members (MEMBER_ID_REQUIRED, KIP-394; the group size limit), known members
 * rejoining in each state, and static members (KIP-345) replacing their previous incarnation, keeping their
 * assignment when nothing changed. A join that needs a new generation waits for {@link ClassicRebalance} to end the
 * join phase. Follows Kafka's GroupMetadataManager; all calls hold the shard's lock.
 */
final class ClassicJoinPhase {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicJoinPhase.class);

    private final GroupConfig config;
    /** Writes the group's generation; completes with NONE once it is durable (replicated), else the error. */
    private final Function<ClassicGroup, CompletableFuture<Errors>> persist;
    private final ClassicRebalance rebalance;

    ClassicJoinPhase(GroupConfig config, Function<ClassicGroup, CompletableFuture<Errors>> persist,
                     ClassicRebalance rebalance) {
        this.config = config;
        this.persist = persist;
        this.rebalance = rebalance;
    }

    CompletableFuture<JoinGroupResponseData> join(ClassicGroup group, ClassicJoin r, long now) {
        if (r.sessionTimeoutMs() < config.minSessionTimeoutMs() || r.sessionTimeoutMs() > config.maxSessionTimeoutMs()) {
            return completedFuture(joinError(r, Errors.INVALID_SESSION_TIMEOUT));
        }
        if (group.isIn(ClassicGroupState.DEAD)) {
            return completedFuture(joinError(r, Errors.COORDINATOR_NOT_AVAILABLE));
        }
        if (!group.supportsProtocols(r.protocolType(), r.protocols().keySet())) {
            return completedFuture(joinError(r, Errors.INCONSISTENT_GROUP_PROTOCOL));
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
            return completedFuture(joinError(r, Errors.GROUP_MAX_SIZE_REACHED));
        }
        if (r.requireKnownMemberId() && r.groupInstanceId() == null) {
            // KIP-394: the member learns its id first, so a retried join cannot leave a ghost member behind.
            group.pendingMembers().put(newMemberId, now + r.sessionTimeoutMs());
            return completedFuture(joinError(r, Errors.MEMBER_ID_REQUIRED).setMemberId(newMemberId));
        }
        return addMemberAndRebalance(group, newMemberId, r, now);
    }

    private CompletableFuture<JoinGroupResponseData> joinKnown(ClassicGroup group, ClassicJoin r, long now) {
        if (group.pendingMembers().containsKey(r.memberId())) {
            return addMemberAndRebalance(group, r.memberId(), r, now);
        }
        if (group.isStaticMemberFenced(r.groupInstanceId(), r.memberId())) {
            return completedFuture(joinError(r, Errors.FENCED_INSTANCE_ID));
        }
        ClassicMember member = group.member(r.memberId()).orElse(null);
        if (member == null) {
            return completedFuture(joinError(r, Errors.UNKNOWN_MEMBER_ID));
        }
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return updateMemberAndRebalance(group, member, r, now);
            case COMPLETING_REBALANCE:
                if (member.sameProtocols(r.protocols())) {
                    // The member lost our answer: give it again.
                    member.heartbeat(now);
                    return completedFuture(currentGeneration(group, member, group.isLeader(member.memberId()), false));
                }
                return updateMemberAndRebalance(group, member, r, now);
            case STABLE:
                if (group.isLeader(member.memberId()) || !member.sameProtocols(r.protocols())) {
                    // The leader rejoins when it sees metadata change: a new assignment is needed.
                    return updateMemberAndRebalance(group, member, r, now);
                }
                member.heartbeat(now);
                return completedFuture(currentGeneration(group, member, false, false));
            default:
                return completedFuture(joinError(r, Errors.UNKNOWN_MEMBER_ID));
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
        rebalance.rebalance(group, "member " + memberId + " joined", now);
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
        rebalance.rebalance(group, "member " + member.memberId() + " rejoined", now);
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
        String previousLeader = group.leaderId();
        group.replaceStatic(old, replacement);
        replacement.heartbeat(now);
        LOG.info("Static member {} of group {} rejoined as {}", r.groupInstanceId(), group.groupId(), newMemberId);
        boolean leader = group.isLeader(newMemberId);
        // As Kafka: only a change of the group's chosen protocol forces a rebalance (the metadata of a restarted
        // consumer differs anyway: it owns nothing yet).
        boolean sameProtocol = group.protocolName() != null && group.protocolName().equals(group.selectProtocol());
        if (group.isIn(ClassicGroupState.STABLE) && sameProtocol) {
            // KIP-345: a static member coming back unchanged keeps its assignment, no rebalance - the leader too.
            // Before v9 a leader cannot be told to skip the assignment, so (as Kafka) it is named no leader: the
            // answer names the previous leader id, the client acts as a follower and syncs its old assignment.
            return persist.apply(group).thenApply(error -> {
                if (error != Errors.NONE) {
                    return joinError(r, error);
                }
                if (leader && !r.canSkipAssignment()) {
                    return currentGeneration(group, replacement, false, false).setLeader(previousLeader);
                }
                return currentGeneration(group, replacement, leader, leader);
            });
        }
        CompletableFuture<JoinGroupResponseData> future = new CompletableFuture<>();
        replacement.awaitingJoin(future);
        rebalance.rebalance(group, "static member " + r.groupInstanceId() + " rejoined", now);
        return future;
    }
}
