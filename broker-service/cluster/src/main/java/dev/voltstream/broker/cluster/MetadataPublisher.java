package dev.voltstream.broker.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.TopicImage;
import dev.voltstream.broker.cluster.internal.replication.FetcherManager;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.replica.IsrChanger;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;
import dev.voltstream.broker.storage.PartitionLog;

/**
 * Makes this broker match each new metadata image: the topic registry, the partitions it hosts (created, deleted,
 * configs; a replica reassigned away is deleted), and each hosted partition's role — leader at its epoch, or follower
 * fetching from the leader. Runs on the Raft apply thread, so images are published one at a time in log order.
 */
final class MetadataPublisher implements Consumer<ClusterImage> {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataPublisher.class);

    private final int localId;
    private final TopicService topics;
    private final ReplicaManager replicas;
    private final FetcherManager fetchers;
    private final IsrChanger isrChanger;
    private ClusterImage previous = ClusterImage.EMPTY;
    /** Set once this broker's image caught up with the log: until then, replicas reassigned away keep their logs. */
    private boolean caughtUp;
    private final Set<TopicPartition> keptUntilCaughtUp = new HashSet<>();
    /** Logs met during the replay that belong to another topic of the same name (partition.metadata says so). */
    private final Set<TopicPartition> otherTopicsLogs = new HashSet<>();

    MetadataPublisher(int localId, TopicService topics, ReplicaManager replicas, FetcherManager fetchers,
                      IsrChanger isrChanger) {
        this.localId = localId;
        this.topics = topics;
        this.replicas = replicas;
        this.fetchers = fetchers;
        this.isrChanger = isrChanger;
    }

    @Override
    public synchronized void accept(ClusterImage image) {
        fetchers.brokersChanged(image.brokers());
        for (TopicImage old : previous.topics().values()) {
            TopicImage now = image.topics().get(old.name());
            if (now == null || !now.id().equals(old.id())) {
                removeTopic(old);
            }
        }
        for (TopicImage topic : image.topics().values()) {
            TopicImage old = previous.topics().get(topic.name());
            if (old != null && !old.id().equals(topic.id())) {
                old = null;
            }
            publishTopic(image, old, topic);
        }
        previous = image;
    }

    private void publishTopic(ClusterImage image, TopicImage old, TopicImage topic) {
        TopicMetadata metadata = topic.metadata();
        topics.registry().apply(metadata);
        boolean configsChanged = old != null && !old.configs().equals(topic.configs());
        long now = System.currentTimeMillis();
        for (int p = 0; p < topic.partitions().size(); p++) {
            PartitionState state = topic.partitions().get(p);
            PartitionState before = old != null && p < old.partitions().size() ? old.partitions().get(p) : null;
            TopicPartition tp = new TopicPartition(topic.name(), p);
            if (!state.replicas().contains(localId)) {
                if (replicas.hasReplica(tp)) {
                    reassignedAway(tp);
                }
                continue;
            }
            if (!ownsLog(tp, topic)) {
                if (!caughtUp) {
                    // Replaying: the log here may be that of a later topic of this name; decide once caught up.
                    otherTopicsLogs.add(tp);
                    continue;
                }
                removeReplica(tp); // left by a topic of this name deleted while this broker was away
            }
            boolean hosted = replicas.partition(tp).isPresent();
            if (hosted && Objects.equals(state, before) && !configsChanged) {
                continue;
            }
            try {
                Partition partition = replicas.getOrCreatePartition(tp, topic.id(), topics.logConfig(metadata));
                partition.isrChanger(isrChanger);
                if (configsChanged || !hosted) {
                    // A log reopened at start got the broker defaults: the topic's overrides apply from now.
                    partition.updateConfig(topics.logConfig(metadata));
                }
                logLeaderChange(tp, before, state, image.offset());
                if (state.leader() == localId) {
                    fetchers.unfollow(tp);
                    partition.makeLeader(state.leaderEpoch(), state.replicas(), state.isr(), now);
                } else {
                    partition.makeFollower(state.leader(), state.leaderEpoch(), state.replicas(), state.isr());
                    if (state.leader() >= 0 && !partition.isOffline()) {
                        fetchers.follow(partition, state.leader(), state.leaderEpoch());
                    } else {
                        fetchers.unfollow(tp);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot host {} as metadata offset {} says", tp, image.offset(), e);
            }
        }
    }

    /**
     * One line per new leader or leader epoch of a hosted partition (Kafka logs its become-leader/follower alike):
     * with the metadata offset, it tells when each broker learned of a leadership move.
     */
    private void logLeaderChange(TopicPartition tp, PartitionState before, PartitionState state, long offset) {
        if (!caughtUp || (before != null && before.leader() == state.leader()
                && before.leaderEpoch() == state.leaderEpoch())) {
            return;
        }
        LOG.info("{}: leader {} at epoch {} (was {}), ISR {}, metadata offset {}: {}", tp, state.leader(),
                state.leaderEpoch(), before == null ? "none" : before.leader() + " at " + before.leaderEpoch(),
                state.isr(), offset, state.leader() == localId ? "leading" : "following");
    }

    private void removeTopic(TopicImage old) {
        if (topics.registry().byName(old.name()).filter(t -> t.id().equals(old.id())).isPresent()) {
            topics.registry().remove(old.name());
        }
        for (int p = 0; p < old.partitions().size(); p++) {
            TopicPartition tp = new TopicPartition(old.name(), p);
            // A topic id never comes back, so its own log can go at once, even while replaying; a log of another
            // topic of the same name (re-created after this deletion) stays.
            if (ownsLog(tp, old)) {
                removeReplica(tp);
            }
        }
    }

    /** Whether the log of {@code tp} here, if any, is {@code topic}'s (or from before topic ids were recorded). */
    private boolean ownsLog(TopicPartition tp, TopicImage topic) {
        return replicas.recordedTopicId(tp).map(topic.id()::equals).orElse(true);
    }

    /**
     * This broker is not a replica of {@code tp} but has it. While the log is being replayed after a restart that may
     * be only an intermediate state (a later entry may make it a replica again, even its last in-sync one), so the
     * log is kept until the image has caught up: only then is it deleted, if this broker is still not a replica.
     */
    private void reassignedAway(TopicPartition tp) {
        if (caughtUp) {
            removeReplica(tp);
            return;
        }
        fetchers.unfollow(tp);
        replicas.partition(tp).ifPresent(Partition::stopReplica);
        keptUntilCaughtUp.add(tp);
    }

    /** This broker's image has caught up with the metadata log (its registration is applied). */
    synchronized void caughtUp() {
        caughtUp = true;
        for (TopicPartition tp : keptUntilCaughtUp) {
            boolean replica = previous.partition(tp).map(s -> s.replicas().contains(localId)).orElse(false);
            if (!replica && replicas.hasReplica(tp)) {
                removeReplica(tp);
            }
        }
        keptUntilCaughtUp.clear();
        for (TopicPartition tp : otherTopicsLogs) {
            TopicImage topic = previous.topics().get(tp.topic());
            if (topic == null || !ownsLog(tp, topic)) {
                removeReplica(tp);
                if (topic != null) {
                    publishTopic(previous, null, topic); // hosts the current topic's partition over a fresh log
                }
            }
        }
        otherTopicsLogs.clear();
        removeLogsOfDeletedTopics();
    }

    /**
     * Logs on disk of topics the image does not know (by the id their partition.metadata records): deleted while this
     * broker was away, their deletion is inside a snapshot it loaded rather than in the log it replayed. Logs without
     * a recorded id are left alone.
     */
    private void removeLogsOfDeletedTopics() {
        List<TopicPartition> gone = new ArrayList<>();
        for (PartitionLog log : replicas.logManager().allLogs()) {
            TopicPartition tp = log.topicPartition();
            TopicImage topic = previous.topics().get(tp.topic());
            replicas.recordedTopicId(tp).filter(id -> topic == null || !topic.id().equals(id))
                    .ifPresent(id -> gone.add(tp));
        }
        for (TopicPartition tp : gone) {
            LOG.info("Deleting the log of {}: its topic no longer exists", tp);
            removeReplica(tp);
        }
    }

    /** This broker no longer hosts {@code tp} (topic deleted, or reassigned away): stop fetching, delete the log. */
    private void removeReplica(TopicPartition tp) {
        fetchers.unfollow(tp);
        try {
            replicas.deletePartition(tp);
        } catch (IOException e) {
            LOG.error("Cannot delete the log of {}", tp, e);
        }
    }
}
