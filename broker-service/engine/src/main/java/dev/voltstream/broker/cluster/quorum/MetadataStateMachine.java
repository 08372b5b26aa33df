package dev.voltstream.broker.cluster.quorum;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.image.ClusterImage;
import dev.voltstream.broker.cluster.image.MetadataApplier;
import dev.voltstream.broker.cluster.image.MetadataCodec;
import dev.voltstream.broker.cluster.image.MetadataCommand;

/**
 * The Ratis state machine: applies each committed metadata command to the current {@link ClusterImage} and hands the
 * new image to the broker. Read-only queries are broker heartbeats, answered by the Raft leader (the controller).
 * No snapshots: on restart the whole (small) metadata log is replayed.
 */
final class MetadataStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final Consumer<ClusterImage> publisher;
    private final HeartbeatHandler heartbeats;
    private final Consumer<RaftPeerId> leaderListener;
    private volatile ClusterImage image = ClusterImage.EMPTY;
    private volatile long appliedIndex = -1;
    private final Object appliedLock = new Object();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private volatile RaftServer raftServer;
    private volatile RaftGroupId groupId;
    /** A read-only query starting with this "broker id" asks the leader to describe the quorum (DescribeQuorum). */
    static final int DESCRIBE_QUORUM = -1;

    /** Answers a heartbeat on the controller from its image (see {@link HeartbeatAnswer}). */
    interface HeartbeatHandler {
        HeartbeatAnswer onHeartbeat(int brokerId, String incarnation);
    }

    MetadataStateMachine(Consumer<ClusterImage> publisher, HeartbeatHandler heartbeats,
                         Consumer<RaftPeerId> leaderListener) {
        this.publisher = publisher;
        this.heartbeats = heartbeats;
        this.leaderListener = leaderListener;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        super.initialize(server, groupId, raftStorage);
        storage.init(raftStorage);
        this.raftServer = server;
        this.groupId = groupId;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    ClusterImage image() {
        return image;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
        MetadataApplier.Applied applied;
        try {
            MetadataCommand command = MetadataCodec.decode(data);
            applied = MetadataApplier.apply(image, command, entry.getIndex());
            LOG.debug("Applied {} at {}: {}", command, entry.getIndex(), applied.error());
        } catch (RuntimeException e) {
            LOG.error("Cannot apply metadata log entry {}", entry.getIndex(), e);
            applied = new MetadataApplier.Applied(image, org.apache.kafka.common.protocol.Errors.UNKNOWN_SERVER_ERROR,
                    e.toString());
        }
        image = applied.image();
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        try {
            publisher.accept(image);
        } catch (RuntimeException e) {
            LOG.error("Cannot publish metadata at offset {}", entry.getIndex(), e);
        }
        markApplied(entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(
                reply(applied.error().code(), applied.message()))));
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        markApplied(index);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        ByteBuffer buf = request.getContent().asReadOnlyByteBuffer();
        int brokerId = buf.getInt();
        if (brokerId == DESCRIBE_QUORUM) {
            try {
                return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(
                        QuorumProgress.describe(raftServer.getDivision(groupId)).encode())));
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        byte[] inc = new byte[buf.remaining()];
        buf.get(inc);
        HeartbeatAnswer answer = heartbeats.onHeartbeat(brokerId, new String(inc, StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(new byte[] {answer.code()})));
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        leaderListener.accept(newLeaderId);
    }

    long appliedIndex() {
        return appliedIndex;
    }

    /** Completes once the local image includes log index {@code index}. */
    CompletableFuture<Void> whenApplied(long index) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (appliedLock) {
            if (appliedIndex >= index) {
                future.complete(null);
            } else {
                waiters.computeIfAbsent(index, k -> new ArrayList<>()).add(future);
            }
        }
        return future;
    }

    private void markApplied(long index) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (appliedLock) {
            if (index > appliedIndex) {
                appliedIndex = index;
                SortedMap<Long, List<CompletableFuture<Void>>> due = waiters.headMap(index + 1);
                due.values().forEach(done::addAll);
                due.clear();
            }
        }
        done.forEach(f -> f.complete(null));
    }

    static byte[] describeQuorumQuery() {
        return ByteBuffer.allocate(4).putInt(DESCRIBE_QUORUM).array();
    }

    static byte[] heartbeat(int brokerId, String incarnation) {
        byte[] inc = incarnation.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + inc.length).putInt(brokerId).put(inc).array();
    }

    private static byte[] reply(short errorCode, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(errorCode);
            out.writeUTF(message == null ? "" : message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
