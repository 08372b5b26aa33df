package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Time;

import dev.voltstream.broker.group.GroupCoordinator.DeletedOffsets;
import dev.voltstream.broker.group.GroupCoordinator.FetchedOffsets;

/**
 * OffsetCommit, OffsetFetch and OffsetDelete over one shard's groups and offsets. A commit is validated as Kafka does
 * (generation or member epoch), written through the {@link GroupLog} and applied once replicated, so OffsetFetch never
 * shows an offset a failover could lose. The caller holds the shard's lock.
 */
final class OffsetCommits {
    private final Map<String, Group> groups;
    private final OffsetStore offsets;
    private final GroupLog log;
    private final GroupCoordinator.TopicLookup topics;
    private final Time time;
    private final Function<List<GroupRecord>, CompletableFuture<Errors>> remove;

    OffsetCommits(Map<String, Group> groups, OffsetStore offsets, GroupLog log, GroupCoordinator.TopicLookup topics,
                  Time time, Function<List<GroupRecord>, CompletableFuture<Errors>> remove) {
        this.groups = groups;
        this.offsets = offsets;
        this.log = log;
        this.topics = topics;
        this.time = time;
        this.remove = remove;
    }

    CompletableFuture<Errors> commit(String groupId, String memberId, String instanceId, int generationOrEpoch,
                                     short apiVersion, long retentionMs,
                                     Map<TopicPartition, CommittedOffset> requested) {
        Group group = groups.get(groupId);
        long now = time.milliseconds();
        if (group == null) {
            if (generationOrEpoch >= 0 || !memberId.isEmpty() || instanceId != null) {
                return CompletableFuture.completedFuture(Errors.ILLEGAL_GENERATION);
            }
            group = new ClassicGroup(groupId, now);
            groups.put(groupId, group);
        }
        Errors error = group instanceof ClassicGroup cg
                ? OffsetCommitValidation.classic(cg, memberId, instanceId, generationOrEpoch, now)
                : OffsetCommitValidation.consumer((ConsumerGroup) group, memberId, generationOrEpoch, apiVersion,
                        requested.keySet(), topics::topicId);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        return write(groupId, requested, retentionMs, now);
    }

    /** TxnOffsetCommit's check of the member the producer names (none: any producer may commit). */
    Errors validateTransactional(String groupId, String memberId, String instanceId, int generationOrEpoch) {
        boolean named = (memberId != null && !memberId.isEmpty()) || instanceId != null || generationOrEpoch >= 0;
        Group group = groups.get(groupId);
        if (!named) {
            return Errors.NONE;
        }
        if (group == null) {
            return Errors.ILLEGAL_GENERATION;
        }
        long now = time.milliseconds();
        String member = memberId == null ? "" : memberId;
        return group instanceof ClassicGroup cg
                ? OffsetCommitValidation.classic(cg, member, instanceId, generationOrEpoch, now)
                : OffsetCommitValidation.consumerFetch((ConsumerGroup) group, member, generationOrEpoch);
    }

    /** A committed transaction's offsets: stored like any commit (creating the group if needed), no member check. */
    CompletableFuture<Errors> commitTransactional(String groupId, Map<TopicPartition, CommittedOffset> requested) {
        long now = time.milliseconds();
        if (!groups.containsKey(groupId)) {
            groups.put(groupId, new ClassicGroup(groupId, now));
        }
        return write(groupId, requested, -1, now);
    }

    private CompletableFuture<Errors> write(String groupId, Map<TopicPartition, CommittedOffset> requested,
                                            long retentionMs, long now) {
        Map<TopicPartition, CommittedOffset> commits = new HashMap<>();
        requested.forEach((tp, c) -> commits.put(tp, new CommittedOffset(c.offset(), c.leaderEpoch(),
                c.metadata(), now, retentionMs >= 0 ? now + retentionMs : -1)));
        List<GroupRecord> records = new ArrayList<>(commits.size());
        commits.forEach((tp, offset) -> records.add(new GroupRecord.Offset(groupId, tp, offset)));
        return log.append(records, now).thenApply(written -> {
            if (written == Errors.NONE) {
                commits.forEach((tp, offset) -> offsets.put(groupId, tp, offset));
            }
            return written;
        });
    }

    /** The committed offsets; {@code partitions == null} means all of the group's. */
    FetchedOffsets fetch(String groupId, String memberId, int memberEpoch, Collection<TopicPartition> partitions) {
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

    /** OffsetDelete: subscribed topics keep their offsets; only an empty (or consumer-protocol) group loses them. */
    DeletedOffsets delete(String groupId, Collection<TopicPartition> partitions) {
        Group group = groups.get(groupId);
        if (group == null) {
            return DeletedOffsets.failed(Errors.GROUP_ID_NOT_FOUND);
        }
        if (group instanceof ClassicGroup cg && !cg.isEmpty()
                && !ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(cg.protocolType())) {
            return DeletedOffsets.failed(Errors.NON_EMPTY_GROUP);
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
        return new DeletedOffsets(remove.apply(tombstones), result);
    }
}
