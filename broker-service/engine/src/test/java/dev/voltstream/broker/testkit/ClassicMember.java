package dev.voltstream.broker.testkit;

import java.io.IOException;
import java.util.List;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * A classic-protocol group member driven over a {@link RawKafkaClient}, for tests that need a real member id and
 * generation at a given API version (a lone member, so it is the leader and assigns itself).
 *
 * @param memberId     the id the coordinator gave
 * @param generationId the generation joined
 * @param joinAnswer   the JoinGroup answer that completed the join
 */
public record ClassicMember(String groupId, String memberId, int generationId, JoinGroupResponseData joinAnswer) {
    private static final String PROTOCOL = "range";

    /** Joins {@code groupId} with JoinGroup at {@code version}, answering MEMBER_ID_REQUIRED (v4+) with a second join. */
    public static ClassicMember join(RawKafkaClient client, String groupId, short version) throws IOException {
        JoinGroupResponseData answer = joinOnce(client, groupId, "", version);
        if (answer.errorCode() == Errors.MEMBER_ID_REQUIRED.code()) {
            answer = joinOnce(client, groupId, answer.memberId(), version);
        }
        if (answer.errorCode() != Errors.NONE.code()) {
            throw new IllegalStateException("JoinGroup v" + version + " of " + groupId + " answered "
                    + Errors.forCode(answer.errorCode()));
        }
        return new ClassicMember(groupId, answer.memberId(), answer.generationId(), answer);
    }

    private static JoinGroupResponseData joinOnce(RawKafkaClient client, String groupId, String memberId,
                                                  short version) throws IOException {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol().setName(PROTOCOL)
                .setMetadata(new byte[] {0, 1}));
        return (JoinGroupResponseData) client.call(ApiKeys.JOIN_GROUP, version, new JoinGroupRequestData()
                .setGroupId(groupId).setMemberId(memberId).setProtocolType("consumer").setProtocols(protocols)
                .setSessionTimeoutMs(30_000).setRebalanceTimeoutMs(30_000));
    }

    /** SyncGroup as the leader, assigning {@code assignment} to itself; protocol type and name from v5. */
    public SyncGroupRequestData sync(byte[] assignment, short version) {
        SyncGroupRequestData request = new SyncGroupRequestData().setGroupId(groupId).setMemberId(memberId)
                .setGenerationId(generationId).setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                        .setMemberId(memberId).setAssignment(assignment)));
        return version >= 5 ? request.setProtocolType("consumer").setProtocolName(PROTOCOL) : request;
    }

    public HeartbeatRequestData heartbeat() {
        return new HeartbeatRequestData().setGroupId(groupId).setMemberId(memberId).setGenerationId(generationId);
    }

    /** LeaveGroup: the member id itself before v3, a one-member batch from v3. */
    public LeaveGroupRequestData leave(short version) {
        return version >= 3
                ? new LeaveGroupRequestData().setGroupId(groupId).setMembers(List.of(
                        new LeaveGroupRequestData.MemberIdentity().setMemberId(memberId)))
                : new LeaveGroupRequestData().setGroupId(groupId).setMemberId(memberId);
    }
}
