package dev.voltstream.broker.replica;

import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.apache.kafka.common.TopicPartition;

import dev.voltstream.broker.rate.SampledRate;

/**
 * Kafka's replication throttles (KIP-73), which {@code kafka-reassign-partitions.sh --throttle} sets: the broker
 * configs {@code leader.replication.throttled.rate} and {@code follower.replication.throttled.rate} (bytes/s, per
 * broker) cap the bytes a broker sends to, and fetches for, the replicas its topics' {@code
 * leader.replication.throttled.replicas} / {@code follower.replication.throttled.replicas} list ({@code
 * partition:broker} pairs naming this broker, or {@code *}). As in Kafka only replicas outside the ISR are throttled
 * (a reassignment's new replicas, a broker catching up after a restart), so throttling never slows acks=all produce.
 * When a quota's rate over its window (11 windows of 1 s, as {@code replication.quota.window.*}) is above the rate,
 * the leader answers a throttled partition with no records and the follower leaves it out of its fetch.
 */
public final class ReplicationThrottles {
    public static final String LEADER_RATE = "leader.replication.throttled.rate";
    public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    public static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";
    /** No rate set: nothing is throttled. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    private static final int SAMPLES = 11;
    private static final long WINDOW_MS = 1000;

    /** Nothing throttled (a single node, tests). */
    public static final ReplicationThrottles NONE = new ReplicationThrottles(-1, topic -> Map.of(), () -> UNLIMITED,
            () -> UNLIMITED, System::currentTimeMillis);

    private final int localId;
    private final Function<String, Map<String, String>> topicConfigs;
    private final Quota leader;
    private final Quota follower;

    /**
     * @param topicConfigs a topic's own configs by name (empty when unknown)
     * @param leaderRate   this broker's {@code leader.replication.throttled.rate} now
     * @param followerRate this broker's {@code follower.replication.throttled.rate} now
     */
    public ReplicationThrottles(int localId, Function<String, Map<String, String>> topicConfigs,
                                LongSupplier leaderRate, LongSupplier followerRate, LongSupplier clockMs) {
        this.localId = localId;
        this.topicConfigs = topicConfigs;
        this.leader = new Quota(leaderRate, clockMs);
        this.follower = new Quota(followerRate, clockMs);
    }

    /** The quota for what this broker sends as leader, if {@code tp}'s copy for {@code replicaId} is throttled. */
    public Quota leaderQuotaFor(Partition partition, int replicaId) {
        return !partition.inSyncReplicas().contains(replicaId)
                && listed(partition.topicPartition(), LEADER_REPLICAS) ? leader : null;
    }

    /** The quota for what this broker fetches as follower of {@code partition}, if it is throttled. */
    public Quota followerQuotaFor(Partition partition) {
        return !partition.inSyncReplicas().contains(localId)
                && listed(partition.topicPartition(), FOLLOWER_REPLICAS) ? follower : null;
    }

    /** Whether the topic's {@code key} lists this broker's replica of {@code tp} ({@code partition:broker}) or is *. */
    boolean listed(TopicPartition tp, String key) {
        String value = topicConfigs.apply(tp.topic()).getOrDefault(key, "").trim();
        if (value.isEmpty()) {
            return false;
        }
        if (value.equals("*")) {
            return true;
        }
        for (String entry : value.split(",")) {
            int colon = entry.indexOf(':');
            if (colon > 0 && entry.substring(0, colon).trim().equals(Integer.toString(tp.partition()))
                    && entry.substring(colon + 1).trim().equals(Integer.toString(localId))) {
                return true;
            }
        }
        return false;
    }

    /** One direction's byte rate against its limit. */
    public static final class Quota {
        private final SampledRate rate = new SampledRate(SAMPLES, WINDOW_MS);
        private final LongSupplier limit;
        private final LongSupplier clockMs;

        Quota(LongSupplier limit, LongSupplier clockMs) {
            this.limit = limit;
            this.clockMs = clockMs;
        }

        /** Whether the bytes of the window are above the rate: throttled partitions wait. */
        public boolean exceeded() {
            long max = limit.getAsLong();
            if (max == UNLIMITED) {
                return false;
            }
            synchronized (rate) {
                return rate.measure(clockMs.getAsLong()) > max;
            }
        }

        public void record(long bytes) {
            if (bytes > 0) {
                synchronized (rate) {
                    rate.record(bytes, clockMs.getAsLong());
                }
            }
        }
    }
}
