package dev.voltstream.broker.group;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * The error side of the classic protocol, shared by its phases: Kafka's member check for requests of the current
 * generation, the JoinGroup and SyncGroup error answers, and failing the answers a member is waiting for.
 */
final class ClassicErrors {
    private ClassicErrors() {
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

    static JoinGroupResponseData joinError(ClassicJoin r, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
                .setMemberId(r.memberId()).setProtocolName(r.version() >= 7 ? null : "");
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code());
    }

    /** Answers the JoinGroup and SyncGroup the member is waiting on, if any, with {@code error}. */
    static void failWaiting(ClassicMember member, Errors error) {
        if (member.isAwaitingJoin()) {
            member.awaitingJoin().complete(new JoinGroupResponseData().setMemberId(member.memberId())
                    .setGenerationId(-1).setErrorCode(error.code()));
            member.awaitingJoin(null);
        }
        if (member.isAwaitingSync()) {
            member.awaitingSync().complete(syncError(error));
            member.awaitingSync(null);
        }
    }
}
