package dev.voltstream.broker.group;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;

/**
 * A JoinGroup request as the coordinator needs it, version differences already settled by the handler.
 *
 * @param requireKnownMemberId v4+: a new member first gets MEMBER_ID_REQUIRED with its id, then rejoins with it
 * @param canSkipAssignment    v9+: a static leader that rejoins a stable group is told to skip the assignment
 */
public record ClassicJoin(String groupId, String memberId, String groupInstanceId, String clientId,
                          String clientHost, int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType,
                          Map<String, byte[]> protocols, boolean requireKnownMemberId, boolean canSkipAssignment,
                          short version) {

    /** From the request: v0 has no rebalance timeout (it is the session timeout, as in Kafka). */
    public static ClassicJoin of(JoinGroupRequestData r, String clientId, String clientHost, short version) {
        Map<String, byte[]> protocols = new LinkedHashMap<>();
        for (JoinGroupRequestProtocol p : r.protocols()) {
            protocols.putIfAbsent(p.name(), p.metadata());
        }
        int rebalanceTimeout = version == 0 || r.rebalanceTimeoutMs() < 0 ? r.sessionTimeoutMs()
                : r.rebalanceTimeoutMs();
        return new ClassicJoin(r.groupId(), r.memberId(), r.groupInstanceId(), clientId, clientHost,
                r.sessionTimeoutMs(), rebalanceTimeout, r.protocolType(), protocols, version >= 4, version >= 9,
                version);
    }
}
