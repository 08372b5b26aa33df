package dev.voltstream.broker.cluster.internal.quorum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

import dev.voltstream.broker.metadata.QuorumDescription;

/**
 * Reads the Raft leader's view of its followers into a {@link QuorumDescription}: Ratis indexes become Kafka-style
 * offsets (index + 1, the next offset to be written), the term is the leader epoch, and a follower's last RPC answer
 * is its last fetch.
 */
final class QuorumProgress {
    private QuorumProgress() {
    }

    /** Only meaningful on the leader: Ratis answers read-only queries there. */
    static QuorumDescription describe(RaftServer.Division division) {
        DivisionInfo info = division.getInfo();
        if (!info.isLeader()) {
            throw new IllegalStateException("Not the metadata quorum's leader");
        }
        long now = System.currentTimeMillis();
        long committed = division.getRaftLog().getLastCommittedIndex();
        Map<Integer, long[]> followers = followers(info, now);
        int leaderId = MetadataQuorum.nodeId(division.getId());
        List<QuorumDescription.Replica> voters = new ArrayList<>();
        List<QuorumDescription.Replica> observers = new ArrayList<>();
        for (RaftPeerRole role : new RaftPeerRole[] {RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER}) {
            for (RaftPeer peer : division.getRaftConf().getAllPeers(role)) {
                int id = MetadataQuorum.nodeId(peer.getId());
                String[] address = peer.getAddress().split(":(?=[0-9]+$)");
                QuorumDescription.Replica replica;
                if (id == leaderId) {
                    replica = new QuorumDescription.Replica(id, address[0], Integer.parseInt(address[1]),
                            division.getRaftLog().getNextIndex(), -1, now);
                } else {
                    long[] f = followers.getOrDefault(id, new long[] {-1, -1});
                    long lastFetch = f[1];
                    replica = new QuorumDescription.Replica(id, address[0], Integer.parseInt(address[1]),
                            f[0] < 0 ? -1 : f[0] + 1, lastFetch, f[0] >= committed ? lastFetch : -1);
                }
                (role == RaftPeerRole.LISTENER ? observers : voters).add(replica);
            }
        }
        voters.sort((a, b) -> Integer.compare(a.id(), b.id()));
        observers.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new QuorumDescription(leaderId, (int) info.getCurrentTerm(), committed + 1, voters, observers);
    }

    /** Follower id → {match index, wall-clock time of its last answer}; both lists come from the leader's appenders. */
    private static Map<Integer, long[]> followers(DivisionInfo info, long now) {
        List<ServerRpcProto> rpc = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
        long[] match = info.getFollowerMatchIndices();
        Map<Integer, long[]> byId = new HashMap<>();
        for (int i = 0; i < rpc.size(); i++) {
            ServerRpcProto f = rpc.get(i);
            int id = MetadataQuorum.nodeId(org.apache.ratis.protocol.RaftPeerId.valueOf(f.getId().getId()));
            byId.put(id, new long[] {i < match.length ? match[i] : -1, now - f.getLastRpcElapsedTimeMs()});
        }
        return byId;
    }
}
