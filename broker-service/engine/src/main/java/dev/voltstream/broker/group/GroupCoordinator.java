package dev.voltstream.broker.group;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.storage.LogConfig;
import dev.voltstream.broker.storage.LogManager;

/**
 * The group coordinator of this node, which coordinates every group: a thin facade that finds the group, takes the
 * one lock, and hands the request to the classic protocol, the consumer protocol (KIP-848) or the offset store,
 * writing what must survive a restart to the {@link GroupLog}. A timer on the broker scheduler evicts silent
 * members, ends rebalance phases and expires offsets ({@code offsets.retention.minutes}).
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinator.class);

    private final GroupConfig config;
    private final GroupLog log;
    private final Time time;
    private final TopicLookup topics;
    private final Map<String, Group> groups = new HashMap<>();
    private final OffsetStore offsets = new OffsetStore();
    private final ClassicGroupProtocol classic;
    private final ConsumerGroupProtocol consumer;
    private final GroupViews views;
    private final Object lock = new Object();
    private volatile boolean loaded;
    private ScheduledFuture<?> ticker;
    private long nextRetentionCheck;

    private GroupCoordinator(GroupConfig config, GroupLog log, TopicLookup topics, Time time) {
        this.config = config;
        this.log = log;
        this.time = time;
        this.topics = topics;
        this.classic = new ClassicGroupProtocol(config, this::persist);
        this.consumer = new ConsumerGroupProtocol(config, topics);
        this.views = new GroupViews(topics);
    }

    /**
     * Opens the group log, rebuilds groups and offsets from it, and starts the timers. Clients can only reach the
     * coordinator after this returns, so they never see COORDINATOR_LOAD_IN_PROGRESS in practice.
     */
    public static GroupCoordinator start(GroupConfig config, LogConfig logDefaults, LogManager logs,
                                         TopicLookup topics, ScheduledExecutorService scheduler, Time time)
            throws IOException {
        GroupCoordinator coordinator = new GroupCoordinator(config, GroupLog.open(logs, logDefaults), topics, time);
        coordinator.load();
        coordinator.nextRetentionCheck = time.milliseconds() + config.offsetsRetentionCheckMs();
        coordinator.ticker = scheduler.scheduleWithFixedDelay(coordinator::tick, config.tickMs(), config.tickMs(),
                TimeUnit.MILLISECONDS);
        return coordinator;
    }

    private void load() throws IOException {
        synchronized (lock) {
            long now = time.milliseconds();
            GroupLoader loader = new GroupLoader(groups, offsets, now);
            log.replay(loader::apply);
            loader.finish();
            loaded = true;
            LOG.info("Loaded {} groups and {} committed offsets from {}", groups.size(), offsets.size(),
                    GroupLog.PARTITION);
        }
    }

    public GroupConfig config() {
        return config;
    }

    /** False only while the group log is being replayed. */
    public boolean loaded() {
        return loaded;
    }

    // ---- Classic membership

    public CompletableFuture<JoinGroupResponseData> joinGroup(ClassicJoin join) {
        if (join.groupId() == null || join.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(ClassicGroupProtocol.joinError(join, Errors.INVALID_GROUP_ID));
        }
        synchronized (lock) {
            Group group = groups.get(join.groupId());
            if (group instanceof ConsumerGroup cg && !cg.isEmpty()) {
                return CompletableFuture.completedFuture(
                        ClassicGroupProtocol.joinError(join, Errors.INCONSISTENT_GROUP_PROTOCOL));
            }
            if (!(group instanceof ClassicGroup)) {
                if (!join.memberId().isEmpty()) {
                    return CompletableFuture.completedFuture(
                            ClassicGroupProtocol.joinError(join, Errors.UNKNOWN_MEMBER_ID));
                }
                group = new ClassicGroup(join.groupId(), time.milliseconds());
                groups.put(join.groupId(), group);
            }
            return classic.join((ClassicGroup) group, join, time.milliseconds());
        }
    }

    public CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        synchronized (lock) {
            if (!(groups.get(request.groupId()) instanceof ClassicGroup group)) {
                return CompletableFuture.completedFuture(ClassicGroupProtocol.syncError(Errors.UNKNOWN_MEMBER_ID));
            }
            return classic.sync(group, request, time.milliseconds());
        }
    }

    public Errors heartbeat(String groupId, String memberId, String instanceId, int generationId) {
        synchronized (lock) {
            if (!(groups.get(groupId) instanceof ClassicGroup group)) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            return classic.heartbeat(group, memberId, instanceId, generationId, time.milliseconds());
        }
    }

    /** LeaveGroup for a batch of members (v0-2 send one, as a single identity with no instance id). */
    public LeaveGroupResponseData leaveGroup(String groupId, List<MemberIdentity> members) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        synchronized (lock) {
            if (!(groups.get(groupId) instanceof ClassicGroup group)) {
                return response.setErrorCode(Errors.UNKNOWN_MEMBER_ID.code());
            }
            for (MemberIdentity m : members) {
                Errors error = classic.leave(group, m.memberId(), m.groupInstanceId(), time.milliseconds());
                response.members().add(new MemberResponse().setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId()).setErrorCode(error.code()));
            }
        }
        return response;
    }

    // ---- KIP-848 consumer protocol

    public ConsumerGroupHeartbeatResponseData consumerGroupHeartbeat(ConsumerGroupHeartbeatRequestData request,
                                                                     String clientId, String clientHost) {
        synchronized (lock) {
            Group group = groups.get(request.groupId());
            if (group instanceof ClassicGroup cg) {
                if (!cg.isEmpty()) {
                    return ConsumerGroupProtocol.error(Errors.GROUP_ID_NOT_FOUND,
                            "Group " + request.groupId() + " is a non-empty classic group.");
                }
                group = null;
            }
            if (group == null) {
                if (request.memberEpoch() != 0) {
                    return ConsumerGroupProtocol.error(Errors.UNKNOWN_MEMBER_ID, null);
                }
                group = new ConsumerGroup(request.groupId(), config.consumerAssignors().get(0));
                groups.put(request.groupId(), group);
            }
            return consumer.heartbeat((ConsumerGroup) group, request, clientId, clientHost, time.milliseconds());
        }
    }

    public ConsumerGroupDescribeResponseData.DescribedGroup describeConsumerGroup(String groupId) {
        synchronized (lock) {
            return views.describeConsumerGroup(groupId, groups.get(groupId));
        }
    }

    // ---- Offsets

    /**
     * Validates the committer as Kafka does (generation or member epoch) and stores the offsets durably, stamped
     * with the broker's time ({@code retentionMs >= 0}: OffsetCommit v2-4's explicit retention).
     *
     * @return the error for every partition of the request, NONE when stored
     */
    public Errors commitOffsets(String groupId, String memberId, String instanceId, int generationOrEpoch,
                                short apiVersion, long retentionMs, Map<TopicPartition, CommittedOffset> requested) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        synchronized (lock) {
            Group group = groups.get(groupId);
            long now = time.milliseconds();
            if (group == null) {
                if (generationOrEpoch >= 0 || !memberId.isEmpty() || instanceId != null) {
                    return Errors.ILLEGAL_GENERATION;
                }
                group = new ClassicGroup(groupId, now);
                groups.put(groupId, group);
            }
            Errors error = group instanceof ClassicGroup cg
                    ? OffsetCommitValidation.classic(cg, memberId, instanceId, generationOrEpoch, now)
                    : OffsetCommitValidation.consumer((ConsumerGroup) group, memberId, generationOrEpoch, apiVersion,
                            requested.keySet(), topics::topicId);
            if (error != Errors.NONE) {
                return error;
            }
            Map<TopicPartition, CommittedOffset> commits = new HashMap<>();
            requested.forEach((tp, c) -> commits.put(tp, new CommittedOffset(c.offset(), c.leaderEpoch(),
                    c.metadata(), now, retentionMs >= 0 ? now + retentionMs : -1)));
            List<GroupRecord> records = new ArrayList<>(commits.size());
            commits.forEach((tp, offset) -> records.add(new GroupRecord.Offset(groupId, tp, offset)));
            try {
                log.append(records, now);
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot store offsets of group {}", groupId, e);
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            commits.forEach((tp, offset) -> offsets.put(groupId, tp, offset));
            return Errors.NONE;
        }
    }

    /** The committed offsets; {@code partitions == null} means all of the group's. */
    public FetchedOffsets fetchOffsets(String groupId, String memberId, int memberEpoch,
                                       Collection<TopicPartition> partitions) {
        synchronized (lock) {
            Group group = groups.get(groupId);
            if (group instanceof ConsumerGroup cg && memberId != null && !memberId.isEmpty()) {
                Errors error = OffsetCommitValidation.consumerFetch(cg, memberId, memberEpoch);
                if (error != Errors.NONE) {
                    return new FetchedOffsets(error, Map.of());
                }
            }
            Map<TopicPartition, CommittedOffset> all = offsets.offsets(groupId);
            if (partitions == null) {
                return new FetchedOffsets(Errors.NONE, Map.copyOf(all));
            }
            Map<TopicPartition, CommittedOffset> found = new HashMap<>();
            for (TopicPartition tp : partitions) {
                CommittedOffset c = all.get(tp);
                if (c != null) {
                    found.put(tp, c);
                }
            }
            return new FetchedOffsets(Errors.NONE, found);
        }
    }

    /** OffsetFetch's answer: a group-level error, or the offsets found (partitions without one are absent). */
    public record FetchedOffsets(Errors error, Map<TopicPartition, CommittedOffset> offsets) {
    }

    /** OffsetDelete: a group-level error, or one per partition (subscribed topics keep their offsets). */
    public Map<TopicPartition, Errors> deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        synchronized (lock) {
            Group group = groups.get(groupId);
            if (group == null) {
                throw Errors.GROUP_ID_NOT_FOUND.exception();
            }
            if (group instanceof ClassicGroup cg && !cg.isEmpty()
                    && !ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(cg.protocolType())) {
                throw Errors.NON_EMPTY_GROUP.exception();
            }
            Set<String> subscribed = group.subscribedTopics();
            Map<TopicPartition, Errors> result = new HashMap<>();
            List<GroupRecord> tombstones = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                if (subscribed.contains(tp.topic())) {
                    result.put(tp, Errors.GROUP_SUBSCRIBED_TO_TOPIC);
                } else {
                    result.put(tp, Errors.NONE);
                    if (offsets.offsets(groupId).containsKey(tp)) {
                        tombstones.add(new GroupRecord.Offset(groupId, tp, null));
                    }
                }
            }
            appendOrThrow(tombstones);
            tombstones.forEach(t -> offsets.remove(groupId, ((GroupRecord.Offset) t).partition()));
            return result;
        }
    }

    // ---- Admin views

    public DescribedGroup describeGroup(String groupId, short version) {
        synchronized (lock) {
            return views.describeClassicGroup(groupId, groups.get(groupId), version);
        }
    }

    /** ListGroups, filtered by state names and group types (case-insensitive; empty means all). */
    public List<ListedGroup> listGroups(Set<String> states, Set<String> types) {
        synchronized (lock) {
            return views.list(groups.values(), states, types);
        }
    }

    /** DeleteGroups for one group: only an empty group can go, its offsets with it. */
    public Errors deleteGroup(String groupId) {
        synchronized (lock) {
            Group group = groups.get(groupId);
            if (group == null) {
                return Errors.GROUP_ID_NOT_FOUND;
            }
            if (!group.isEmpty()) {
                return Errors.NON_EMPTY_GROUP;
            }
            try {
                removeGroup(groupId);
            } catch (UncheckedIOException e) {
                return Errors.COORDINATOR_NOT_AVAILABLE;
            }
            LOG.info("Deleted group {}", groupId);
            return Errors.NONE;
        }
    }

    private void removeGroup(String groupId) {
        List<GroupRecord> tombstones = new ArrayList<>();
        offsets.offsets(groupId).keySet().forEach(tp -> tombstones.add(new GroupRecord.Offset(groupId, tp, null)));
        tombstones.add(new GroupRecord.Metadata(groupId, null, 0, null, null, 0, null));
        appendOrThrow(tombstones);
        for (GroupRecord t : tombstones) {
            if (t instanceof GroupRecord.Offset o) {
                offsets.remove(groupId, o.partition());
            }
        }
        Group removed = groups.remove(groupId);
        if (removed instanceof ClassicGroup cg) {
            cg.transitionTo(ClassicGroupState.DEAD, time.milliseconds());
        }
    }

    // ---- Persistence and timers

    private void persist(ClassicGroup group) {
        appendOrThrow(List.of(GroupLoader.snapshot(group)));
    }

    private void appendOrThrow(List<GroupRecord> records) {
        try {
            log.append(records, time.milliseconds());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + GroupLog.PARTITION, e);
        }
    }

    private void tick() {
        try {
            synchronized (lock) {
                long now = time.milliseconds();
                for (Group group : List.copyOf(groups.values())) {
                    if (group instanceof ClassicGroup cg) {
                        classic.expire(cg, now);
                    } else {
                        consumer.expire((ConsumerGroup) group, now);
                    }
                }
                if (now >= nextRetentionCheck) {
                    nextRetentionCheck = now + config.offsetsRetentionCheckMs();
                    expireOffsets(now);
                }
                if (log.worthRewriting(offsets.size() + groups.size())) {
                    log.rewrite(GroupLoader.liveState(groups, offsets), now);
                }
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("Group coordinator timer failed", e);
        }
    }

    /** offsets.retention.minutes: offsets of empty groups (and of unsubscribed topics) expire, then the group. */
    private void expireOffsets(long now) {
        for (String groupId : List.copyOf(groups.keySet())) {
            Group group = groups.get(groupId);
            Function<CommittedOffset, Long> base = baseTimestamp(group);
            Set<String> subscribed = group.subscribedTopics();
            List<GroupRecord> tombstones = new ArrayList<>();
            offsets.offsets(groupId).forEach((tp, c) -> {
                boolean expired = c.expireTimestamp() >= 0 ? now >= c.expireTimestamp()
                        : now - base.apply(c) >= config.offsetsRetentionMs();
                if (expired && (group.isEmpty() || !subscribed.contains(tp.topic()))) {
                    tombstones.add(new GroupRecord.Offset(groupId, tp, null));
                }
            });
            if (!tombstones.isEmpty()) {
                appendOrThrow(tombstones);
                tombstones.forEach(t -> offsets.remove(groupId, ((GroupRecord.Offset) t).partition()));
                LOG.info("Expired {} offsets of group {}", tombstones.size(), groupId);
            }
            if (group.isEmpty() && !offsets.hasOffsets(groupId)
                    && !(group instanceof ClassicGroup cg && !cg.isIn(ClassicGroupState.EMPTY))) {
                removeGroup(groupId);
                LOG.info("Removed empty group {}: no offsets left", groupId);
            }
        }
    }

    private static Function<CommittedOffset, Long> baseTimestamp(Group group) {
        if (group instanceof ClassicGroup cg && cg.isIn(ClassicGroupState.EMPTY)) {
            return c -> Math.max(c.commitTimestamp(), cg.stateTimestamp());
        }
        return CommittedOffset::commitTimestamp;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
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
