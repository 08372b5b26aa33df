package dev.voltstream.broker.cluster.quorum;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.image.ClusterImage;
import dev.voltstream.broker.cluster.image.MetadataCodec;
import dev.voltstream.broker.cluster.image.MetadataCommand;

/**
 * This broker's seat in the metadata quorum: a Ratis server (one voter of {@code controller.quorum.voters}) running the
 * {@link MetadataStateMachine}, and a Ratis client through which any broker proposes commands; Ratis routes them to
 * the Raft leader, which is the cluster's controller.
 */
public final class MetadataQuorum implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataQuorum.class);
    /** Every cluster uses one Raft group; its id is fixed so that all voters agree without coordination. */
    private static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("voltstream-metadata".getBytes()));

    private final QuorumConfig config;
    private final RaftServer server;
    private final RaftClient client;
    private final MetadataStateMachine stateMachine;
    private final ControllerLiveness liveness;
    private volatile int controllerId = -1;

    private MetadataQuorum(QuorumConfig config, RaftServer server, RaftClient client,
                           MetadataStateMachine stateMachine, ControllerLiveness liveness) {
        this.config = config;
        this.server = server;
        this.client = client;
        this.stateMachine = stateMachine;
        this.liveness = liveness;
    }

    /** Starts the Raft server over {@code dir}; {@code publisher} sees every new image, in log order. */
    public static MetadataQuorum start(QuorumConfig config, Path dir, Consumer<ClusterImage> publisher,
                                       java.util.concurrent.ScheduledExecutorService scheduler) throws IOException {
        List<RaftPeer> peers = new ArrayList<>();
        for (QuorumConfig.Voter v : config.voters()) {
            peers.add(RaftPeer.newBuilder().setId(peerId(v.id())).setAddress(v.address()).build());
        }
        RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
        RaftProperties props = new RaftProperties();
        Files.createDirectories(dir);
        RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
        GrpcConfigKeys.Server.setPort(props, config.self().port());
        // Loopback or LAN: short election timeouts make a dead controller's successor take over within a second.
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(400, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(800, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(props, false);

        MetadataQuorum[] self = new MetadataQuorum[1];
        ControllerLiveness liveness = new ControllerLiveness(config, scheduler);
        MetadataStateMachine sm = new MetadataStateMachine(publisher, liveness::onHeartbeat, leader -> {
            if (self[0] != null) {
                self[0].onLeaderChanged(leader);
            }
        });
        boolean formatted = Files.isDirectory(dir.resolve(GROUP_ID.getUuid().toString()));
        RaftServer server = RaftServer.newBuilder()
                .setServerId(peerId(config.nodeId()))
                .setGroup(group)
                .setProperties(props)
                .setStateMachine(sm)
                .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        RaftProperties clientProps = new RaftProperties();
        RaftClient client = RaftClient.newBuilder()
                .setProperties(clientProps)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(100,
                        TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
        MetadataQuorum quorum = new MetadataQuorum(config, server, client, sm, liveness);
        self[0] = quorum;
        liveness.bind(quorum);
        return quorum;
    }

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf("n" + nodeId);
    }

    public ClusterImage image() {
        return stateMachine.image();
    }

    /** The Raft leader's node id, -1 while there is none. */
    public int controllerId() {
        return controllerId;
    }

    public boolean isController() {
        try {
            return server.getDivision(GROUP_ID).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    public QuorumConfig config() {
        return config;
    }

    /**
     * Proposes a command. Completes once it is committed and applied to this broker's image; completes exceptionally
     * with the Kafka error the state machine gave (e.g. {@code TopicExistsException}).
     */
    public CompletableFuture<Void> submit(MetadataCommand command) {
        Message message = Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(command)));
        return client.async().send(message).thenCompose(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            ApiException error = error(reply);
            if (error != null) {
                throw error;
            }
            return stateMachine.whenApplied(reply.getLogIndex());
        });
    }

    /** Sends one heartbeat to the controller; completes with false when the controller wants us to re-register. */
    CompletableFuture<Boolean> heartbeat(String incarnation) {
        Message message = Message.valueOf(ByteString.copyFrom(
                MetadataStateMachine.heartbeat(config.nodeId(), incarnation)));
        return client.async().sendReadOnly(message).thenApply(reply -> reply.isSuccess()
                && reply.getMessage().getContent().byteAt(0) == 1);
    }

    private void onLeaderChanged(RaftPeerId leader) {
        int previous = controllerId;
        controllerId = leader == null ? -1 : Integer.parseInt(leader.toString().substring(1));
        LOG.info("Metadata quorum leader (controller) is now node {}", controllerId);
        if (controllerId == config.nodeId()) {
            liveness.onBecameController(previous);
        }
    }

    private static ApiException error(RaftClientReply reply) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                reply.getMessage().getContent().toByteArray()))) {
            Errors error = Errors.forCode(in.readShort());
            String message = in.readUTF();
            return error == Errors.NONE ? null : error.exception(message.isEmpty() ? null : message);
        } catch (IOException e) {
            throw new IllegalStateException("Malformed metadata reply", e);
        }
    }

    @Override
    public void close() {
        liveness.close();
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("Closing the Raft client", e);
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("Closing the Raft server", e);
        }
    }
}
