package dev.voltstream.broker.cluster.internal.quorum;

import dev.voltstream.broker.cluster.QuorumConfig;

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
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ReplicationLevel;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCodec;
import dev.voltstream.broker.cluster.internal.image.MetadataVersions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.metadata.QuorumAdmin;

/**
 * This broker's seat in the metadata quorum: a Ratis server (one voter of {@code controller.quorum.voters}, or else an
 * observer: a Ratis listener that receives the log without voting) running the {@link MetadataStateMachine}, and a
 * Ratis client through which any broker proposes commands; Ratis routes them to the Raft leader, which is the
 * cluster's controller.
 */
public final class MetadataQuorum implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataQuorum.class);
    private static final long JOIN_TIMEOUT_MS = 120_000;
    /** Every cluster uses one Raft group; its id is fixed so that all voters agree without coordination. */
    private static final RaftGroupId GROUP_ID =
            RaftGroupId.valueOf(UUID.nameUUIDFromBytes("voltstream-metadata".getBytes()));

    private final QuorumConfig config;
    private final RaftServer server;
    private final ProposalClient client;
    private final MetadataStateMachine stateMachine;
    private final ControllerLiveness liveness;
    private volatile int controllerId = -1;
    private final QuorumAdministration admin = new QuorumAdministration(this);

    private MetadataQuorum(QuorumConfig config, RaftServer server, ProposalClient client,
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
        // An observer starts as a listener of its own configuration; the leader adds it to the group's below.
        RaftGroup serverGroup = config.observer() ? RaftGroup.valueOf(GROUP_ID, concat(peers, observerPeer(config)))
                : group;
        RaftProperties props = new RaftProperties();
        Files.createDirectories(dir);
        RaftServerConfigKeys.setStorageDir(props, List.of(dir.toFile()));
        GrpcConfigKeys.Server.setPort(props, config.self().port());
        // Loopback or LAN: short election timeouts make a dead controller's successor take over within a second.
        RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(400, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(800, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(props, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        // Snapshots: Ratis takes one every N applied entries and purges the log segments before it; a replica too
        // far behind gets the snapshot file from the leader (installSnapshot), then the tail of the log.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, config.snapshotEveryRecords());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
        RaftServerConfigKeys.Log.setPurgeGap(props, (int) Math.min(1024, Math.max(1, config.snapshotEveryRecords())));
        long segmentBytes = Math.max(4096, config.segmentBytes());
        RaftServerConfigKeys.Log.setSegmentSizeMax(props, SizeInBytes.valueOf(segmentBytes));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(props, true);

        MetadataQuorum[] self = new MetadataQuorum[1];
        ControllerLiveness liveness = new ControllerLiveness(config, scheduler);
        MetadataStateMachine sm = new MetadataStateMachine(publisher, liveness::onHeartbeat, leader -> {
            if (self[0] != null) {
                self[0].onLeaderChanged(leader);
            }
        });
        boolean formatted = Files.isDirectory(dir.resolve(GROUP_ID.getUuid().toString()));
        Parameters transport = transport(config);
        RaftServer server = RaftServer.newBuilder()
                .setServerId(peerId(config.nodeId()))
                .setGroup(serverGroup)
                .setProperties(props)
                .setParameters(transport)
                .setStateMachine(sm)
                .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
        ProposalClient client = new ProposalClient(() -> newClient(config, transport, group),
                config.proposalTimeoutMs());
        MetadataQuorum quorum = new MetadataQuorum(config, server, client, sm, liveness);
        self[0] = quorum;
        liveness.bind(quorum);
        if (config.observer() && !quorum.members(false).contains(config.nodeId())) {
            // Not in controller.quorum.voters and not promoted since (AddRaftVoter): observe.
            quorum.joinAsObserver();
        }
        return quorum;
    }

    /**
     * A Raft client of the group, each request bounded by {@code metadata.proposal.timeout.ms} (one attempt by the
     * Ratis request timeout, 3 s, or less when the whole budget is shorter).
     */
    private static RaftClient newClient(QuorumConfig config, Parameters transport, RaftGroup group) {
        RaftProperties clientProps = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(clientProps, TimeDuration.valueOf(
                Math.min(3_000, config.proposalTimeoutMs()), TimeUnit.MILLISECONDS));
        return RaftClient.newBuilder()
                .setProperties(clientProps)
                .setParameters(transport)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(ProposalClient.retryPolicy(config.proposalTimeoutMs()))
                .build();
    }

    /**
     * The gRPC transport's parameters: with {@link QuorumConfig#tls()} every Raft connection (between the servers,
     * and from this broker's client and admin calls) speaks TLS with the controller listener's key and trust stores,
     * mutual when it requires client certificates.
     */
    private static Parameters transport(QuorumConfig config) {
        Parameters parameters = new Parameters();
        config.tls().ifPresent(tls -> {
            GrpcTlsConfig conf = new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), tls.mutual());
            GrpcConfigKeys.TLS.setConf(parameters, conf);
            GrpcConfigKeys.Server.setTlsConf(parameters, conf);
            GrpcConfigKeys.Client.setTlsConf(parameters, conf);
            GrpcConfigKeys.Admin.setTlsConf(parameters, conf);
            LOG.info("Metadata quorum: TLS on the Raft transport{}", tls.mutual() ? ", mutual" : "");
        });
        return parameters;
    }

    private static RaftPeer observerPeer(QuorumConfig config) {
        return RaftPeer.newBuilder().setId(peerId(config.nodeId())).setAddress(config.self().address())
                .setStartupRole(RaftPeerRole.LISTENER).build();
    }

    private static List<RaftPeer> concat(List<RaftPeer> peers, RaftPeer peer) {
        List<RaftPeer> all = new ArrayList<>(peers);
        all.add(peer);
        return all;
    }

    /**
     * Asks the Raft leader to add this broker to the group's configuration as a listener: a non-voting member that
     * receives the log but never votes nor counts towards a majority (Kafka's observer). Adding is idempotent (Ratis'
     * ADD mode keeps the other members), so a restarted observer simply asks again; retried while the quorum has no
     * leader or is in the middle of another configuration change.
     */
    private void joinAsObserver() throws IOException {
        SetConfigurationRequest.Arguments join = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(List.of())
                .setListenersInNewConf(List.of(observerPeer(config)))
                .setMode(SetConfigurationRequest.Mode.ADD)
                .build();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MS);
        while (true) {
            try {
                RaftClientReply reply = client.current().admin().setConfiguration(join);
                if (reply.isSuccess()) {
                    LOG.info("Joined the metadata quorum as observer {} ({})", config.nodeId(),
                            config.self().address());
                    return;
                }
                LOG.info("Joining the metadata quorum as an observer: {}", reply.getException().toString());
            } catch (IOException e) {
                LOG.info("Joining the metadata quorum as an observer: {}", e.toString());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IOException("The metadata quorum did not add observer " + config.nodeId() + " within "
                        + JOIN_TIMEOUT_MS + " ms: are a majority of controller.quorum.voters running?");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("Interrupted while joining the metadata quorum", e);
            }
        }
    }

    static RaftPeerId peerId(int nodeId) {
        return RaftPeerId.valueOf("n" + nodeId);
    }

    static int nodeId(RaftPeerId peerId) {
        return Integer.parseInt(peerId.toString().substring(1));
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

    /** The Raft term this node leads in, -1 while it is not the leader. */
    long leaderTerm() {
        try {
            var info = server.getDivision(GROUP_ID).getInfo();
            return info.isLeader() ? info.getCurrentTerm() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private long currentTerm() {
        try {
            return server.getDivision(GROUP_ID).getInfo().getCurrentTerm();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Node ids in the group's current configuration: the voters, or ({@code observers}) the listeners. */
    public List<Integer> members(boolean observers) {
        try {
            return server.getDivision(GROUP_ID).getRaftConf()
                    .getAllPeers(observers ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER).stream()
                    .map(p -> Integer.parseInt(p.getId().toString().substring(1))).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public QuorumConfig config() {
        return config;
    }

    /** Metadata log entries this process applied one by one since it started (not those a snapshot carried). */
    public long appliedEntries() {
        return stateMachine.appliedEntries();
    }

    /** The log index of the snapshot this process loaded at start or installed from the leader, -1 if none. */
    public long loadedSnapshotIndex() {
        return stateMachine.loadedSnapshotIndex();
    }

    /** The first index still in the local Raft log (above 0 once segments before a snapshot were purged). */
    public long logStartIndex() {
        try {
            return server.getDivision(GROUP_ID).getRaftLog().getStartIndex();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The cluster-level admin operations on this quorum (DescribeQuorum, UnregisterBroker). */
    public QuorumAdmin admin() {
        return admin;
    }

    /** The Raft client in use now, for admin calls (a failed one is replaced, so never keep it). */
    RaftClient raftClient() {
        return client.current();
    }

    org.apache.ratis.server.RaftConfiguration raftConfiguration() throws IOException {
        return server.getDivision(GROUP_ID).getRaftConf();
    }

    /**
     * Proposes a command. Completes once it is committed and applied to this broker's image; completes exceptionally
     * with the Kafka error the state machine gave (e.g. {@code TopicExistsException}), or with UNSUPPORTED_VERSION,
     * writing nothing, when the cluster's metadata level does not allow the command yet ({@link MetadataVersions}).
     * The record is written in the form that level prescribes. The level only ever rises, so a record this check
     * let through is still allowed when it is applied.
     */
    public CompletableFuture<Void> submit(MetadataCommand command) {
        return propose(command).thenApply(reply -> null);
    }

    /**
     * Proposes a batch of topic changes. Completes once it is committed and applied to this broker's image, with the
     * error of each element the state machine refused, by position (the others were applied, all in one step);
     * completes exceptionally when the entry as a whole failed.
     */
    public CompletableFuture<java.util.Map<Integer, ApiException>> submitBatch(MetadataCommand.TopicBatch batch) {
        return propose(batch).thenApply(ProposalReply::refused);
    }

    private CompletableFuture<ProposalReply> propose(MetadataCommand command) {
        short level = image().metadataLevel();
        try {
            MetadataVersions.check(level, command);
        } catch (ApiException e) {
            LOG.info("Not written: {}", e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
        Message message = Message.valueOf(ByteString.copyFrom(MetadataCodec.encode(command, level)));
        return client.send(api -> api.send(message)).thenCompose(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            ProposalReply answer = ProposalReply.decode(reply.getMessage().getContent().toByteArray());
            if (answer.error() != null) {
                throw answer.error();
            }
            return stateMachine.whenApplied(reply.getLogIndex()).thenApply(applied -> answer);
        });
    }

    /** Sends one heartbeat to the controller; a failed round trip completes exceptionally. */
    CompletableFuture<HeartbeatAnswer> heartbeat(String incarnation) {
        Message message = Message.valueOf(ByteString.copyFrom(
                MetadataStateMachine.heartbeat(config.nodeId(), incarnation)));
        return readOnly(message).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            return HeartbeatAnswer.fromCode(reply.getMessage().getContent().byteAt(0));
        });
    }

    /** A read-only query of the state machine at the Raft leader, bounded by time as proposals are. */
    CompletableFuture<RaftClientReply> readOnly(Message query) {
        return client.send(api -> api.sendReadOnly(query));
    }

    private void onLeaderChanged(RaftPeerId leader) {
        int previous = controllerId;
        controllerId = leader == null ? -1 : Integer.parseInt(leader.toString().substring(1));
        LOG.info("Metadata quorum leader (controller) is now node {}", controllerId);
        if (controllerId == config.nodeId()) {
            liveness.onBecameController(previous, currentTerm());
        }
    }

    /**
     * Before a controlled shutdown stops this node's Raft server: waits (1.5 s at most) until every voter that is
     * alive knows the entries this node applied are committed — its own FenceBroker included. Raft tells followers
     * the commit index only with the leader's next append, so when the leader itself stops right after committing
     * the fence, the other brokers learn the new partition leaders only once a successor is elected: meanwhile the
     * new leaders' followers still fetch from the stopped broker and acks=all produce stalls (about 3 s in the chaos
     * soak's controlled restarts of the controller).
     */
    private void awaitCommittedOnOtherVoters() {
        long index = stateMachine.appliedIndex();
        boolean allAlive = members(false).stream().allMatch(id -> id == config.nodeId() || image().alive(id));
        long start = System.nanoTime();
        try {
            client.current().async().watch(index, allAlive ? ReplicationLevel.ALL_COMMITTED
                    : ReplicationLevel.MAJORITY_COMMITTED).get(1_500, TimeUnit.MILLISECONDS);
            LOG.info("Metadata log index {} known committed by {} voters in {} ms", index,
                    allAlive ? "all" : "a majority of the", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RuntimeException e) {
            LOG.info("Not every voter confirmed metadata log index {} before shutdown: {}", index, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Controlled shutdown: the others learn what this node committed, then Raft stops. (Handing the Raft leadership
     * over first, as Kafka's controller resigns, was tried: on the loaded 2-core machine Ratis' transfer timed out
     * about half the time, and the leader refuses writes while it transfers, so it cost seconds instead of saving
     * them.)
     */
    @Override
    public void close() {
        liveness.close();
        awaitCommittedOnOtherVoters();
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
