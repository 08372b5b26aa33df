package dev.voltstream.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code offsets.retention.minutes} for one shard: offsets of empty groups (and of topics a group no longer
 * subscribes to) expire, then the group once it has none left. Checked every
 * {@code offsets.retention.check.interval.ms}; the caller holds the shard's lock.
 */
final class OffsetExpiry {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetExpiry.class);

    private final GroupConfig config;
    private final Map<String, Group> groups;
    private final OffsetStore offsets;
    private final Function<List<GroupRecord>, CompletableFuture<Errors>> remove;
    private long nextCheck;

    OffsetExpiry(GroupConfig config, Map<String, Group> groups, OffsetStore offsets,
                 Function<List<GroupRecord>, CompletableFuture<Errors>> remove, long now) {
        this.config = config;
        this.groups = groups;
        this.offsets = offsets;
        this.remove = remove;
        this.nextCheck = now + config.offsetsRetentionCheckMs();
    }

    /** Tombstones for a group and all its offsets. */
    static List<GroupRecord> groupTombstones(String groupId, OffsetStore offsets) {
        List<GroupRecord> tombstones = new ArrayList<>();
        offsets.offsets(groupId).keySet().forEach(tp -> tombstones.add(new GroupRecord.Offset(groupId, tp, null)));
        tombstones.add(new GroupRecord.Metadata(groupId, null, 0, null, null, 0, null));
        return tombstones;
    }

    void maybeExpire(long now) {
        if (now < nextCheck) {
            return;
        }
        nextCheck = now + config.offsetsRetentionCheckMs();
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
                remove.apply(tombstones);
                LOG.info("Expired {} offsets of group {}", tombstones.size(), groupId);
            }
            if (group.isEmpty() && !offsets.hasOffsets(groupId)
                    && !(group instanceof ClassicGroup cg && !cg.isIn(ClassicGroupState.EMPTY))) {
                remove.apply(groupTombstones(groupId, offsets));
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
}
