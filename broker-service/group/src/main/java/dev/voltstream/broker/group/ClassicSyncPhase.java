package dev.voltstream.broker.group;

import static dev.voltstream.broker.group.ClassicErrors.syncError;
import static java.util.concurrent.CompletableFuture.completedFuture;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SyncGroup on a classic group: the members of a new generation wait for the leader's assignment, which is handed
 * out once the generation is durable (Stable); if it cannot be stored the members are told the error and the group
 * rebalances. Follows Kafka's GroupMetadataManager; all calls hold the shard's lock.
 */
final class ClassicSyncPhase {
    private static final Logger LOG = LoggerFactory.getLogger(ClassicSyncPhase.class);

    /** Writes the group's generation; completes with NONE once it is durable (replicated), else the error. */
    private final Function<ClassicGroup, CompletableFuture<Errors>> persist;
    private final ClassicRebalance rebalance;

    ClassicSyncPhase(Function<ClassicGroup, CompletableFuture<Errors>> persist, ClassicRebalance rebalance) {
        this.persist = persist;
        this.rebalance = rebalance;
    }

    CompletableFuture<SyncGroupResponseData> sync(ClassicGroup group, SyncGroupRequestData r, long now) {
        Errors error = ClassicErrors.validateMember(group, r.memberId(), r.groupInstanceId(), r.generationId());
        if (error != Errors.NONE) {
            return completedFuture(syncError(error));
        }
        if ((r.protocolType() != null && !r.protocolType().equals(group.protocolType()))
                || (r.protocolName() != null && !r.protocolName().equals(group.protocolName()))) {
            return completedFuture(syncError(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        ClassicMember member = group.member(r.memberId()).orElseThrow();
        switch (group.state()) {
            case PREPARING_REBALANCE:
                return completedFuture(syncError(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE: {
                CompletableFuture<SyncGroupResponseData> future = new CompletableFuture<>();
                member.awaitingSync(future);
                member.heartbeat(now);
                group.pendingSync().remove(member.memberId());
                if (group.isLeader(member.memberId())) {
                    Map<String, byte[]> assignments = new HashMap<>();
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
                return completedFuture(syncSuccess(group, member));
            default:
                return completedFuture(syncError(Errors.UNKNOWN_MEMBER_ID));
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
            rebalance.maybePrepareRebalance(group, "its assignment could not be stored", now);
        }
    }

    private static SyncGroupResponseData syncSuccess(ClassicGroup group, ClassicMember member) {
        return new SyncGroupResponseData().setProtocolType(group.protocolType())
                .setProtocolName(group.protocolName()).setAssignment(member.assignment());
    }
}
