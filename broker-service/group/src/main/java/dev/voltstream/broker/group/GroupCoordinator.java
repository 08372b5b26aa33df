package dev.voltstream.broker.group;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.OffsetsTopic;
import dev.voltstream.broker.replica.LeadershipListener;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;

/**
 * This broker's group coordinator: routes each group request to the {@link GroupShard} of the group's
 * {@code __consumer_offsets} partition ({@code abs(groupId.hashCode()) % partitions}) — NOT_COORDINATOR when this
 * broker does not lead that partition, COORDINATOR_LOAD_IN_PROGRESS while the shard replays it. On a single node there
 * is one local partition, always led; in cluster mode a shard is loaded when this broker is elected leader of its
 * partition and dropped when it resigns. A timer on the broker scheduler drives every shard's timers.
 */
public final class GroupCoordinator implements LeadershipListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupConfig config;
    private final TopicLookup topics;
    private final IntSupplier partitionCount;
    private final IntSupplier minInsyncReplicas;
    private final ScheduledExecutorService scheduler;
    private final Time time;
    private final Map<Integer, GroupShard> shards = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> ticker;
    /** Replays run here, not on the broker scheduler, whose timers (long-poll fetches) must not wait for them. */
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "group-coordinator-loader");
        thread.setDaemon(true);
        return thread;
    });

    private GroupCoordinator(GroupConfig config, TopicLookup topics, IntSupplier partitionCount,
                             IntSupplier minInsyncReplicas, ScheduledExecutorService scheduler, Time time) {
        this.config = config;
        this.topics = topics;
        this.partitionCount = partitionCount;
        this.minInsyncReplicas = minInsyncReplicas;
        this.scheduler = scheduler;
        this.time = time;
        this.ticker = scheduler.scheduleWithFixedDelay(this::tick, config.tickMs(), config.tickMs(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Single node: one local partition, replayed before this returns, so clients never see
     * COORDINATOR_LOAD_IN_PROGRESS in practice.
     */
    public static GroupCoordinator start(GroupConfig config, LogConfig logDefaults, LogManager logs,
                                         TopicLookup topics, ScheduledExecutorService scheduler, Time time)
            throws IOException {
        GroupCoordinator coordinator = new GroupCoordinator(config, topics, () -> 1, () -> 1, scheduler, time);
        GroupShard shard = coordinator.newShard(GroupLog.openLocal(logs, logDefaults, 0));
        shard.load();
        coordinator.shards.put(0, shard);
        return coordinator;
    }

    /**
     * Cluster mode: no shard until {@link #elected} for a partition of {@code __consumer_offsets}.
     *
     * @param partitionCount    the topic's partition count, -1 while it does not exist
     * @param minInsyncReplicas the topic's {@code min.insync.replicas}
     */
    public static GroupCoordinator clustered(GroupConfig config, TopicLookup topics, IntSupplier partitionCount,
                                             IntSupplier minInsyncReplicas, ScheduledExecutorService scheduler,
                                             Time time) {
        return new GroupCoordinator(config, topics, partitionCount, minInsyncReplicas, scheduler, time);
    }

    private GroupShard newShard(Partition replica) {
        Object lock = new Object();
        GroupLog log = new GroupLog(replica, lock, scheduler, config.offsetsCommitTimeoutMs(), minInsyncReplicas);
        return new GroupShard(replica.topicPartition().partition(), config, log, lock, topics, time);
    }

    public GroupConfig config() {
        return config;
    }

    // ---- Leadership of the offsets partitions (cluster mode)

    @Override
    public void elected(Partition partition, int leaderEpoch) {
        GroupShard shard = newShard(partition);
        GroupShard old = shards.put(shard.partition(), shard);
        if (old != null) {
            old.unload();
        }
        LOG.info("Elected coordinator of {} (leader epoch {}): loading its groups", partition.topicPartition(),
                leaderEpoch);
        loader.execute(() -> {
            try {
                shard.load();
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot load the groups of {}", partition.topicPartition(), e);
                shards.remove(shard.partition(), shard);
            }
        });
    }

    @Override
    public void resigned(TopicPartition partition) {
        GroupShard old = shards.remove(partition.partition());
        if (old != null) {
            old.unload();
        }
    }

    /** The shard coordinating the group here, or the error telling the client to look elsewhere or to wait. */
    private Route route(String groupId) {
        int count = partitionCount.getAsInt();
        GroupShard shard = count <= 0 ? null : shards.get(OffsetsTopic.partitionFor(groupId, count));
        if (shard == null) {
            return new Route(null, Errors.NOT_COORDINATOR);
        }
        return shard.loaded() ? new Route(shard, Errors.NONE) : new Route(null, Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    private record Route(GroupShard shard, Errors error) {
    }

    // ---- Classic membership

    public CompletableFuture<JoinGroupResponseData> joinGroup(ClassicJoin join) {
        if (join.groupId() == null || join.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(ClassicErrors.joinError(join, Errors.INVALID_GROUP_ID));
        }
        Route route = route(join.groupId());
        return route.shard() == null
                ? CompletableFuture.completedFuture(ClassicErrors.joinError(join, route.error()))
                : route.shard().joinGroup(join);
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        Route route = route(request.groupId());
        return route.shard() == null
                ? CompletableFuture.completedFuture(ClassicErrors.syncError(route.error()))
                : route.shard().syncGroup(request);
    }

    public Errors heartbeat(String groupId, String memberId, String instanceId, int generationId) {
        Route route = route(groupId);
        return route.shard() == null ? route.error()
                : route.shard().heartbeat(groupId, memberId, instanceId, generationId);
    }

    /** LeaveGroup for a batch of members (v0-2 send one, as a single identity with no instance id). */
    public LeaveGroupResponseData leaveGroup(String groupId, List<MemberIdentity> members) {
        Route route = route(groupId);
        return route.shard() == null ? new LeaveGroupResponseData().setErrorCode(route.error().code())
                : route.shard().leaveGroup(groupId, members);
    }

    // ---- KIP-848 consumer protocol

    public CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            ConsumerGroupHeartbeatRequestData request, String clientId, String clientHost) {
        Route route = route(request.groupId());
        return route.shard() == null
                ? CompletableFuture.completedFuture(ConsumerGroupProtocol.error(route.error(), null))
                : route.shard().consumerGroupHeartbeat(request, clientId, clientHost);
    }

    public ConsumerGroupDescribeResponseData.DescribedGroup describeConsumerGroup(String groupId) {
        Route route = route(groupId);
        return route.shard() == null ? new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId)
                .setErrorCode(route.error().code()) : route.shard().describeConsumerGroup(groupId);
    }

    // ---- Offsets

    /**
     * Validates the committer as Kafka does (generation or member epoch) and stores the offsets durably, stamped
     * with the broker's time ({@code retentionMs >= 0}: OffsetCommit v2-4's explicit retention).
     *
     * @return completes, once the commit is replicated or failed, with the error for every partition of the request
     */
    public CompletableFuture<Errors> commitOffsets(String groupId, String memberId, String instanceId,
                                                   int generationOrEpoch, short apiVersion, long retentionMs,
                                                   Map<TopicPartition, CommittedOffset> requested) {
        if (groupId == null || groupId.isEmpty()) {
            return CompletableFuture.completedFuture(Errors.INVALID_GROUP_ID);
        }
        Route route = route(groupId);
        return route.shard() == null ? CompletableFuture.completedFuture(route.error()) : route.shard().commitOffsets(
                groupId, memberId, instanceId, generationOrEpoch, apiVersion, retentionMs, requested);
    }

    /**
     * TxnOffsetCommit's member check (Kafka's validateTxnOffsetCommit): a producer naming no member may commit to any
     * group; one naming a member must be that member of the current generation or epoch.
     */
    public Errors validateTransactionalCommit(String groupId, String memberId, String instanceId,
                                              int generationOrEpoch) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        Route route = route(groupId);
        return route.shard() == null ? route.error()
                : route.shard().validateTransactionalCommit(groupId, memberId, instanceId, generationOrEpoch);
    }

    /** Stores the offsets of a committed transaction as ordinary commits, without a member check. */
    public CompletableFuture<Errors> commitTransactionalOffsets(String groupId,
                                                                Map<TopicPartition, CommittedOffset> offsets) {
        Route route = route(groupId);
        return route.shard() == null ? CompletableFuture.completedFuture(route.error())
                : route.shard().commitTransactionalOffsets(groupId, offsets);
    }

    /** The committed offsets; {@code partitions == null} means all of the group's. */
    public FetchedOffsets fetchOffsets(String groupId, String memberId, int memberEpoch,
                                       Collection<TopicPartition> partitions) {
        Route route = route(groupId);
        return route.shard() == null ? new FetchedOffsets(route.error(), Map.of())
                : route.shard().fetchOffsets(groupId, memberId, memberEpoch, partitions);
    }

    /** OffsetFetch's answer: a group-level error, or the offsets found (partitions without one are absent). */
    public record FetchedOffsets(Errors error, Map<TopicPartition, CommittedOffset> offsets) {
    }

    /** OffsetDelete: a group-level error (when {@code written} completes), else one per partition. */
    public record DeletedOffsets(CompletableFuture<Errors> written, Map<TopicPartition, Errors> partitions) {
        static DeletedOffsets failed(Errors error) {
            return new DeletedOffsets(CompletableFuture.completedFuture(error), Map.of());
        }
    }

    /** OffsetDelete: subscribed topics keep their offsets. */
    public DeletedOffsets deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        Route route = route(groupId);
        return route.shard() == null ? DeletedOffsets.failed(route.error())
                : route.shard().deleteOffsets(groupId, partitions);
    }

    // ---- Admin views

    public DescribedGroup describeGroup(String groupId, short version) {
        Route route = route(groupId);
        return route.shard() == null ? new DescribedGroup().setGroupId(groupId).setErrorCode(route.error().code())
                .setGroupState("").setProtocolType("").setProtocolData("")
                : route.shard().describeGroup(groupId, version);
    }

    /** ListGroups of the groups coordinated here, filtered by state names and group types (empty means all). */
    public List<ListedGroup> listGroups(Set<String> states, Set<String> types) {
        List<ListedGroup> listed = new ArrayList<>();
        for (GroupShard shard : shards.values()) {
            if (shard.loaded()) {
                listed.addAll(shard.listGroups(states, types));
            }
        }
        return listed;
    }

    /** DeleteGroups for one group: only an empty group can go, its offsets with it. */
    public CompletableFuture<Errors> deleteGroup(String groupId) {
        Route route = route(groupId);
        return route.shard() == null ? CompletableFuture.completedFuture(route.error())
                : route.shard().deleteGroup(groupId);
    }

    // ---- Timers

    private void tick() {
        for (GroupShard shard : shards.values()) {
            try {
                shard.tick();
            } catch (RuntimeException e) {
                LOG.error("Group coordinator timer of partition {} failed", shard.partition(), e);
            }
        }
    }

    @Override
    public void close() {
        ticker.cancel(false);
        loader.shutdownNow();
    }

    /** How the coordinator resolves topics (partition counts, ids) without depending on the metadata layer. */
    public interface TopicLookup {
        /** Partition count of the topic, -1 when it does not exist. */
        int partitionCount(String topic);

        Uuid topicId(String topic);

        /** The topic name of an id, null when unknown. */
        String topicName(Uuid id);

        /** All topic names (regex subscriptions). */
        Collection<String> topicNames();
    }
}
