package dev.voltstream.broker.group;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
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

import dev.voltstream.broker.group.GroupCoordinator.FetchedOffsets;

/**
 * The groups and committed offsets of one {@code __consumer_offsets} partition, coordinated while this broker leads
 * it: one lock, the classic protocol, the consumer protocol (KIP-848) and the offset store, with what must survive
 * written to the partition through its {@link GroupLog}. Loaded by replaying the partition, dropped when leadership
 * moves away.
 */
final class GroupShard {
    private static final Logger LOG = LoggerFactory.getLogger(GroupShard.class);

    private final int partition;
    private final GroupConfig config;
    private final GroupLog log;
    private final Time time;
    private final Object lock;
    private final Map<String, Group> groups = new HashMap<>();
    private final OffsetStore offsets = new OffsetStore();
    private final ClassicGroupProtocol classic;
    private final ConsumerGroupProtocol consumer;
    private final GroupViews views;
    private final OffsetExpiry expiry;
    private final OffsetCommits commits;
    private volatile boolean loaded;
    private volatile boolean unloaded;

    GroupShard(int partition, GroupConfig config, GroupLog log, Object lock, GroupCoordinator.TopicLookup topics,
               Time time) {
        this.partition = partition;
        this.config = config;
        this.log = log;
        this.lock = lock;
        this.time = time;
        this.classic = new ClassicGroupProtocol(config, g -> log.append(List.of(GroupLoader.snapshot(g)),
                time.milliseconds()));
        this.consumer = new ConsumerGroupProtocol(config, topics);
        this.views = new GroupViews(topics);
        this.expiry = new OffsetExpiry(config, groups, offsets, this::remove, time.milliseconds());
        this.commits = new OffsetCommits(groups, offsets, log, topics, time, this::remove);
    }

    int partition() {
        return partition;
    }

    /** Rebuilds groups and offsets from the partition; clients get COORDINATOR_LOAD_IN_PROGRESS until it is done. */
    void load() throws IOException {
        synchronized (lock) {
            if (unloaded) {
                return;
            }
            GroupLoader loader = new GroupLoader(groups, offsets, time.milliseconds(),
                    config.consumerSessionTimeoutMs());
            log.replay(loader::apply);
            loader.finish();
            loaded = true;
            LOG.info("Loaded {} groups and {} committed offsets of {}-{}", groups.size(), offsets.size(),
                    GroupLog.PARTITION.topic(), partition);
        }
    }

    /** Leadership moved: members waiting for an answer are told NOT_COORDINATOR and the state is dropped. */
    void unload() {
        synchronized (lock) {
            unloaded = true;
            loaded = false;
            for (Group g : groups.values()) {
                if (g instanceof ClassicGroup cg) {
                    classic.unload(cg);
                }
            }
            LOG.info("Unloaded {} groups of {}-{}", groups.size(), GroupLog.PARTITION.topic(), partition);
            groups.clear();
        }
    }

    /** Loaded and not unloaded since: requests may be served. */
    boolean loaded() {
        return loaded;
    }

    // ---- Classic membership

    CompletableFuture<JoinGroupResponseData> joinGroup(ClassicJoin join) {
        synchronized (lock) {
            if (unloaded) {
                return CompletableFuture.completedFuture(ClassicErrors.joinError(join, Errors.NOT_COORDINATOR));
            }
            Group group = groups.get(join.groupId());
            if (group instanceof ConsumerGroup cg && !cg.isEmpty()) {
                return CompletableFuture.completedFuture(
                        ClassicErrors.joinError(join, Errors.INCONSISTENT_GROUP_PROTOCOL));
            }
            if (!(group instanceof ClassicGroup)) {
                if (!join.memberId().isEmpty()) {
                    return CompletableFuture.completedFuture(
                            ClassicErrors.joinError(join, Errors.UNKNOWN_MEMBER_ID));
                }
                group = new ClassicGroup(join.groupId(), time.milliseconds());
                groups.put(join.groupId(), group);
            }
            return classic.join((ClassicGroup) group, join, time.milliseconds());
        }
    }

    CompletableFuture<SyncGroupResponseData> syncGroup(SyncGroupRequestData request) {
        synchronized (lock) {
            if (unloaded) {
                return CompletableFuture.completedFuture(ClassicErrors.syncError(Errors.NOT_COORDINATOR));
            }
            if (!(groups.get(request.groupId()) instanceof ClassicGroup group)) {
                return CompletableFuture.completedFuture(ClassicErrors.syncError(Errors.UNKNOWN_MEMBER_ID));
            }
            return classic.sync(group, request, time.milliseconds());
        }
    }

    Errors heartbeat(String groupId, String memberId, String instanceId, int generationId) {
        synchronized (lock) {
            if (!(groups.get(groupId) instanceof ClassicGroup group)) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            return classic.heartbeat(group, memberId, instanceId, generationId, time.milliseconds());
        }
    }

    LeaveGroupResponseData leaveGroup(String groupId, List<MemberIdentity> members) {
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

    /**
     * A KIP-848 heartbeat. When it changed what must survive (epochs, members, assignments), the group's new state is
     * written to the group log and the answer waits until it is replicated, as Kafka's coordinator does: a member
     * never acts on an epoch that a new coordinator would not know.
     */
    CompletableFuture<ConsumerGroupHeartbeatResponseData> consumerGroupHeartbeat(
            ConsumerGroupHeartbeatRequestData request, String clientId, String clientHost) {
        synchronized (lock) {
            if (unloaded) {
                return CompletableFuture.completedFuture(ConsumerGroupProtocol.error(Errors.NOT_COORDINATOR, null));
            }
            Group group = groups.get(request.groupId());
            if (group instanceof ClassicGroup cg) {
                if (!cg.isEmpty()) {
                    return CompletableFuture.completedFuture(ConsumerGroupProtocol.error(Errors.GROUP_ID_NOT_FOUND,
                            "Group " + request.groupId() + " is a non-empty classic group."));
                }
                group = null;
            }
            if (group == null) {
                if (request.memberEpoch() != 0) {
                    return CompletableFuture.completedFuture(
                            ConsumerGroupProtocol.error(Errors.UNKNOWN_MEMBER_ID, null));
                }
                group = new ConsumerGroup(request.groupId(), config.consumerAssignors().get(0));
                groups.put(request.groupId(), group);
            }
            ConsumerGroup consumerGroup = (ConsumerGroup) group;
            ConsumerGroupHeartbeatResponseData response = consumer.heartbeat(consumerGroup, request, clientId,
                    clientHost, time.milliseconds());
            return persistIfChanged(consumerGroup).thenApply(error -> error == Errors.NONE ? response
                    : ConsumerGroupProtocol.error(error, "The group's new state could not be written: " + error));
        }
    }

    /** Writes the consumer group's state when it differs from what the log last got. The caller holds the lock. */
    private CompletableFuture<Errors> persistIfChanged(ConsumerGroup group) {
        GroupRecord.ConsumerGroupSnapshot snapshot = GroupLoader.snapshot(group);
        if (snapshot.equals(group.persisted)) {
            return CompletableFuture.completedFuture(Errors.NONE);
        }
        group.persisted = snapshot;
        return log.append(List.of(snapshot), time.milliseconds()).thenApply(error -> {
            if (error != Errors.NONE) {
                synchronized (lock) {
                    if (group.persisted == snapshot) {
                        group.persisted = null; // written again with the next change or heartbeat
                    }
                }
            }
            return error;
        });
    }

    ConsumerGroupDescribeResponseData.DescribedGroup describeConsumerGroup(String groupId) {
        synchronized (lock) {
            return views.describeConsumerGroup(groupId, groups.get(groupId));
        }
    }

    // ---- Offsets

    /** See {@link GroupCoordinator#commitOffsets}; the offsets are visible once replicated. */
    CompletableFuture<Errors> commitOffsets(String groupId, String memberId, String instanceId, int generationOrEpoch,
                                            short apiVersion, long retentionMs,
                                            Map<TopicPartition, CommittedOffset> requested) {
        synchronized (lock) {
            if (unloaded) {
                return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
            }
            return commits.commit(groupId, memberId, instanceId, generationOrEpoch, apiVersion, retentionMs,
                    requested);
        }
    }

    Errors validateTransactionalCommit(String groupId, String memberId, String instanceId, int generationOrEpoch) {
        synchronized (lock) {
            return unloaded ? Errors.NOT_COORDINATOR
                    : commits.validateTransactional(groupId, memberId, instanceId, generationOrEpoch);
        }
    }

    CompletableFuture<Errors> commitTransactionalOffsets(String groupId, Map<TopicPartition, CommittedOffset> offsets) {
        synchronized (lock) {
            return unloaded ? CompletableFuture.completedFuture(Errors.NOT_COORDINATOR)
                    : commits.commitTransactional(groupId, offsets);
        }
    }

    FetchedOffsets fetchOffsets(String groupId, String memberId, int memberEpoch,
                                Collection<TopicPartition> partitions) {
        synchronized (lock) {
            return commits.fetch(groupId, memberId, memberEpoch, partitions);
        }
    }

    GroupCoordinator.DeletedOffsets deleteOffsets(String groupId, Collection<TopicPartition> partitions) {
        synchronized (lock) {
            return commits.delete(groupId, partitions);
        }
    }

    // ---- Admin views

    DescribedGroup describeGroup(String groupId, short version) {
        synchronized (lock) {
            return views.describeClassicGroup(groupId, groups.get(groupId), version);
        }
    }

    List<ListedGroup> listGroups(Set<String> states, Set<String> types) {
        synchronized (lock) {
            return views.list(groups.values(), states, types);
        }
    }

    /** DeleteGroups for one group: only an empty group can go, its offsets with it. */
    CompletableFuture<Errors> deleteGroup(String groupId) {
        synchronized (lock) {
            Group group = groups.get(groupId);
            if (group == null) {
                return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
            }
            if (!group.isEmpty()) {
                return CompletableFuture.completedFuture(Errors.NON_EMPTY_GROUP);
            }
            LOG.info("Deleting group {}", groupId);
            return remove(OffsetExpiry.groupTombstones(groupId, offsets));
        }
    }

    /**
     * Writes tombstones and applies them at once (unless the append itself failed); the future completes when they
     * are replicated.
     */
    private CompletableFuture<Errors> remove(List<GroupRecord> tombstones) {
        CompletableFuture<Errors> written = log.append(tombstones, time.milliseconds());
        if (written.isDone() && written.join() != Errors.NONE) {
            return written;
        }
        for (GroupRecord t : tombstones) {
            if (t instanceof GroupRecord.Offset o) {
                offsets.remove(o.groupId(), o.partition());
            } else if (groups.remove(((GroupRecord.Metadata) t).groupId()) instanceof ClassicGroup cg) {
                cg.transitionTo(ClassicGroupState.DEAD, time.milliseconds());
            }
        }
        return written;
    }

    // ---- Timers

    /** Evicts silent members, ends rebalance phases, expires offsets, and rewrites the log when it pays off. */
    void tick() {
        synchronized (lock) {
            if (!loaded) {
                return;
            }
            long now = time.milliseconds();
            for (Group group : List.copyOf(groups.values())) {
                if (group instanceof ClassicGroup cg) {
                    classic.expire(cg, now);
                } else {
                    consumer.expire((ConsumerGroup) group, now);
                    persistIfChanged((ConsumerGroup) group);
                }
            }
            expiry.maybeExpire(now);
            if (log.worthRewriting(offsets.size() + groups.size())) {
                log.rewrite(GroupLoader.liveState(groups, offsets), now);
            }
        }
    }
}
