package dev.voltstream.broker.cluster.internal.quorum;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.metadata.QuorumDescription;

/**
 * The cluster-level admin operations on the metadata quorum: describing it as its leader sees it (DescribeQuorum),
 * letting a stopped broker leave (UnregisterBroker, which also drops an observer's seat in the Raft configuration),
 * and changing who votes (AddRaftVoter promotes a running observer, RemoveRaftVoter demotes a voter to an observer):
 * each a Raft configuration change, which Ratis commits with the joint consensus of the old and new voters.
 */
final class QuorumAdministration implements QuorumAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumAdministration.class);

    private final MetadataQuorum quorum;

    QuorumAdministration(MetadataQuorum quorum) {
        this.quorum = quorum;
    }

    /** Asks the Raft leader (Ratis routes read-only queries there) how every voter and observer stands. */
    @Override
    public CompletableFuture<QuorumDescription> describeQuorum() {
        Message query = Message.valueOf(ByteString.copyFrom(MetadataStateMachine.describeQuorumQuery()));
        return quorum.readOnly(query).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            return QuorumDescription.decode(reply.getMessage().getContent().toByteArray());
        });
    }

    /**
     * UnregisterBroker: refused for a voter (remove it from the voters first: RemoveRaftVoter); otherwise the registration goes
     * through the log and, for an observer, its listener seat in the Raft configuration is dropped afterwards (a
     * stopped listener would otherwise stay there, and the leader would keep trying to send it the log).
     */
    @Override
    public CompletableFuture<Void> unregisterBroker(int brokerId) {
        if (quorum.members(false).contains(brokerId)) {
            return CompletableFuture.failedFuture(new InvalidRequestException("Broker " + brokerId + " is a voter "
                    + "of the metadata quorum: remove it from the voters first (kafka-metadata-quorum.sh "
                    + "remove-controller)."));
        }
        return quorum.submit(new MetadataCommand.UnregisterBroker(brokerId))
                .thenRunAsync(() -> removeObserver(brokerId));
    }

    private void removeObserver(int brokerId) {
        try {
            RaftConfiguration conf = quorum.raftConfiguration();
            List<RaftPeer> listeners = new ArrayList<>(conf.getAllPeers(RaftPeerRole.LISTENER));
            if (!listeners.removeIf(p -> p.getId().equals(MetadataQuorum.peerId(brokerId)))) {
                return;
            }
            RaftClientReply reply = quorum.raftClient().admin().setConfiguration(SetConfigurationRequest.Arguments
                    .newBuilder()
                    .setServersInNewConf(new ArrayList<>(conf.getAllPeers(RaftPeerRole.FOLLOWER)))
                    .setListenersInNewConf(listeners)
                    .setMode(SetConfigurationRequest.Mode.SET_UNCONDITIONALLY)
                    .build());
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            LOG.info("Observer {} left the metadata quorum's configuration", brokerId);
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public CompletableFuture<Void> addVoter(int nodeId) {
        return CompletableFuture.runAsync(() -> {
            RaftConfiguration conf = configuration();
            List<RaftPeer> voters = new ArrayList<>(conf.getAllPeers(RaftPeerRole.FOLLOWER));
            List<RaftPeer> listeners = new ArrayList<>(conf.getAllPeers(RaftPeerRole.LISTENER));
            if (voters.stream().anyMatch(p -> p.getId().equals(MetadataQuorum.peerId(nodeId)))) {
                throw new InvalidRequestException("Broker " + nodeId + " is already a voter of the metadata quorum");
            }
            RaftPeer observer = listeners.stream().filter(p -> p.getId().equals(MetadataQuorum.peerId(nodeId)))
                    .findFirst().orElseThrow(() -> new InvalidRequestException("Broker " + nodeId + " does not "
                            + "observe the metadata quorum: start it first (cluster-start.sh --add " + nodeId + ")"));
            listeners.remove(observer);
            voters.add(RaftPeer.newBuilder(observer).setStartupRole(RaftPeerRole.FOLLOWER).build());
            change(voters, listeners);
            LOG.info("Broker {} is now a voter of the metadata quorum", nodeId);
        });
    }

    @Override
    public CompletableFuture<Void> removeVoter(int nodeId) {
        return CompletableFuture.runAsync(() -> {
            RaftConfiguration conf = configuration();
            List<RaftPeer> voters = new ArrayList<>(conf.getAllPeers(RaftPeerRole.FOLLOWER));
            List<RaftPeer> listeners = new ArrayList<>(conf.getAllPeers(RaftPeerRole.LISTENER));
            RaftPeer voter = voters.stream().filter(p -> p.getId().equals(MetadataQuorum.peerId(nodeId)))
                    .findFirst().orElseThrow(() -> new InvalidRequestException("Broker " + nodeId
                            + " is not a voter of the metadata quorum"));
            if (voters.size() == 1) {
                throw new InvalidRequestException("Broker " + nodeId + " is the last voter of the metadata quorum");
            }
            voters.remove(voter);
            listeners.add(RaftPeer.newBuilder(voter).setStartupRole(RaftPeerRole.LISTENER).build());
            change(voters, listeners);
            LOG.info("Broker {} is no longer a voter of the metadata quorum (it observes while it runs)", nodeId);
        });
    }

    private RaftConfiguration configuration() {
        try {
            return quorum.raftConfiguration();
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    private void change(List<RaftPeer> voters, List<RaftPeer> listeners) {
        try {
            RaftClientReply reply = quorum.raftClient().admin().setConfiguration(SetConfigurationRequest.Arguments
                    .newBuilder().setServersInNewConf(voters).setListenersInNewConf(listeners)
                    .setMode(SetConfigurationRequest.Mode.SET_UNCONDITIONALLY).build());
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public String controllerListenerName() {
        return quorum.config().controllerListeners().stream().sorted().findFirst().orElse("CONTROLLER");
    }
}
