package dev.voltstream.broker.cluster.internal.quorum;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.ImageSnapshotCodec;
import dev.voltstream.broker.cluster.internal.image.MetadataApplier;
import dev.voltstream.broker.cluster.internal.image.MetadataCodec;
import dev.voltstream.broker.cluster.internal.image.MetadataVersions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.UnsupportedMetadataRecordException;

/**
 * The Ratis state machine: applies each committed metadata command to the current {@link ClusterImage} and hands the
 * new image to the broker. Read-only queries are broker heartbeats, answered by the Raft leader (the controller).
 * Snapshots: every {@code metadata.log.max.records.between.snapshots} entries the image is written to a snapshot file
 * ({@link ImageSnapshotCodec}) and the log before it purged; a restart loads the latest snapshot and replays only the
 * entries after it, and a replica too far behind gets the snapshot from the leader ({@link #reinitialize()}).
 */
final class MetadataStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);
    private volatile boolean snapshotsPausedLogged;

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final Consumer<ClusterImage> publisher;
    private final HeartbeatHandler heartbeats;
    private final Consumer<RaftPeerId> leaderListener;
    private volatile ClusterImage image = ClusterImage.EMPTY;
    private volatile long appliedIndex = -1;
    private final Object appliedLock = new Object();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private final AtomicLong appliedEntries = new AtomicLong();
    private volatile long loadedSnapshotIndex = -1;
    private volatile RaftServer raftServer;
    private volatile RaftGroupId groupId;
    /** A read-only query starting with this "broker id" asks the leader to describe the quorum (DescribeQuorum). */
    static final int DESCRIBE_QUORUM = -1;
    /** Older snapshots are deleted once a newer one is written. */
    private static final int SNAPSHOTS_KEPT = 2;

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
        getLifeCycle().startAndTransition(() -> loadSnapshot(storage.getLatestSnapshot()), IOException.class);
    }

    /** Ratis pauses the state machine while the leader installs a snapshot here (this replica was too far behind). */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** After the leader installed a snapshot here: start over from it (the publisher sees the jump as one image). */
    @Override
    public void reinitialize() throws IOException {
        getLifeCycle().startAndTransition(() -> loadSnapshot(storage.loadLatestSnapshot()), IOException.class);
    }

    /**
     * Writes the current image as a snapshot (Ratis calls this on the apply thread, every
     * {@code metadata.log.max.records.between.snapshots} entries); Ratis then purges the log up to it.
     */
    @Override
    public long takeSnapshot() throws IOException {
        ClusterImage current = image;
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        if (current.metadataLevel() < MetadataVersions.SNAPSHOTS_SINCE) {
            // A broker of 0.1.0 may still follow this log: it reads no snapshot (and a leader sends one to a follower
            // behind the log's start), so the log is neither snapshotted nor purged, as 0.1.0 kept it.
            if (!snapshotsPausedLogged) {
                snapshotsPausedLogged = true;
                LOG.info("No metadata snapshots while the cluster's {} is {}: brokers of release 0.1.0 read none",
                        MetadataVersions.FEATURE, current.metadataLevel());
            }
            return RaftLog.INVALID_LOG_INDEX;
        }
        File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
        File tmp = new File(file.getParentFile(), "writing-" + file.getName());
        try (OutputStream out = Files.newOutputStream(tmp.toPath())) {
            ImageSnapshotCodec.write(current, out);
        }
        Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
        storage.cleanupOldSnapshots(new SnapshotRetentionPolicy() {
            @Override
            public int getNumSnapshotsRetained() {
                return SNAPSHOTS_KEPT;
            }
        });
        LOG.info("Metadata snapshot at log index {} ({} topics, {} brokers, {} bytes)", last.getIndex(),
                current.topics().size(), current.brokers().size(), file.length());
        return last.getIndex();
    }

    private void loadSnapshot(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            return;
        }
        File file = snapshot.getFile().getPath().toFile();
        if (snapshot.getFile().getFileDigest() != null) {
            MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
        }
        ClusterImage loaded;
        try (InputStream in = Files.newInputStream(file.toPath())) {
            loaded = ImageSnapshotCodec.read(in);
        }
        image = loaded;
        loadedSnapshotIndex = snapshot.getIndex();
        updateLastAppliedTermIndex(snapshot.getTerm(), snapshot.getIndex());
        LOG.info("Loaded the metadata snapshot at log index {} ({} topics, {} brokers)", snapshot.getIndex(),
                loaded.topics().size(), loaded.brokers().size());
        publisher.accept(loaded);
        markApplied(snapshot.getIndex());
    }

    /** How many log entries this process applied one by one (a restart from a snapshot replays only the tail). */
    long appliedEntries() {
        return appliedEntries.get();
    }

    /** The log index of the snapshot this process last loaded, -1 if none. */
    long loadedSnapshotIndex() {
        return loadedSnapshotIndex;
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
        } catch (UnsupportedMetadataRecordException e) {
            // Skipping the record would leave this broker's image silently different from the cluster's. Throwing
            // stops Ratis' state machine updater, which closes this broker's Raft server: it stops following the
            // metadata log at this entry until it runs a release that can read it.
            LOG.error("Cannot read metadata log entry {} ({}); this broker stops following the metadata log: upgrade "
                    + "it to the release that wrote the entry (the cluster's voltstream.metadata.version lets brokers "
                    + "write such records only once every registered broker supports them)", entry.getIndex(),
                    e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Cannot apply metadata log entry {}", entry.getIndex(), e);
            applied = new MetadataApplier.Applied(image, org.apache.kafka.common.protocol.Errors.UNKNOWN_SERVER_ERROR,
                    e.toString());
        }
        image = applied.image();
        appliedEntries.incrementAndGet();
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        try {
            publisher.accept(image);
        } catch (RuntimeException e) {
            LOG.error("Cannot publish metadata at offset {}", entry.getIndex(), e);
        }
        markApplied(entry.getIndex());
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(
                ProposalReply.encode(applied))));
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
}
