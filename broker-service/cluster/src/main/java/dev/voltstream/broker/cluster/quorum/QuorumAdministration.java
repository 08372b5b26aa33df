package dev.voltstream.broker.cluster.quorum;

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
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.image.MetadataCommand;
import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.metadata.QuorumDescription;

/**
 * The cluster-level admin operations on the metadata quorum: describing it as its leader sees it (DescribeQuorum)
 * and letting a stopped broker leave (UnregisterBroker, which also drops an observer's seat in the Raft
 * configuration).
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
        return quorum.raftClient().async().sendReadOnly(query).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            return QuorumDescription.decode(reply.getMessage().getContent().toByteArray());
        });
    }

    /**
     * UnregisterBroker: refused for a voter (removing voters is not supported); otherwise the registration goes
     * through the log and, for an observer, its listener seat in the Raft configuration is dropped afterwards (a
     * stopped listener would otherwise stay there, and the leader would keep trying to send it the log).
     */
    @Override
    public CompletableFuture<Void> unregisterBroker(int brokerId) {
        if (quorum.members(false).contains(brokerId)) {
            return CompletableFuture.failedFuture(new InvalidRequestException("Broker " + brokerId + " is a voter "
                    + "of the metadata quorum (controller.quorum.voters): voters cannot be unregistered."));
        }
        return quorum.submit(new MetadataCommand.UnregisterBroker(brokerId))
                .thenRunAsync(() -> removeObserver(brokerId));
    }

    private void removeObserver(int brokerId) {
        try {
            org.apache.ratis.server.RaftConfiguration conf = quorum.raftConfiguration();
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
    public String controllerListenerName() {
        return quorum.config().controllerListeners().stream().sorted().findFirst().orElse("CONTROLLER");
    }
}
