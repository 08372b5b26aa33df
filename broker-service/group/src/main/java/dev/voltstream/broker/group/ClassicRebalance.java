package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.ClassicErrors.syncError;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic group's rebalance transitions, driven by every phase: into PreparingRebalance (voiding an assignment
 * being synced, starting the join phase with {@code group.initial.rebalance.delay.ms} for an empty group) and out of it
 * into the next generation once all members rejoined or the join phase ran out of time.
 */
final class ClassicRebalance {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicRebalance.class);

    private final GroupConfig config;
    /** Writes the group's generation; completes with NONE once it is durable (replicated), else the error. */
    private final Function<ClassicGroup, CompletableFuture<Errors>> persist;

    ClassicRebalance(GroupConfig config, Function<ClassicGroup, CompletableFuture<Errors>> persist) {
        this.config = config;
        this.persist = persist;
    }

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

    /** {@link #maybePrepareRebalance} then {@link #maybeCompleteJoin}: what a membership change does. */
    void rebalance(ClassicGroup group, String reason, long now) {
        maybePrepareRebalance(group, reason, now);
        maybeCompleteJoin(group, now);
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
        if (!group.isEmpty() && !group.electJoinedLeader()) {
            // As Kafka: only static members are left and none rejoined; wait another rebalance timeout (their
            // sessions end meanwhile) rather than start a generation nobody is there to sync.
            LOG.warn("Group {} could not complete its rebalance: no member rejoined", group.groupId());
            group.joinDeadline(now + group.rebalanceTimeoutMs());
            return;
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

    /** The JoinGroup answer for the group's current generation; the leader's lists the members' metadata. */
    static JoinGroupResponseData currentGeneration(ClassicGroup group, ClassicMember member,
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
}
