package dev.voltstream.broker.replica;

import org.apache.kafka.common.TopicPartition;

/**
 * Told when this broker starts or stops leading a partition of a watched topic (cluster mode, as each metadata image
 * is published, after the partition itself took its new role). Called on the metadata apply thread: return quickly.
 */
public interface LeadershipListener {
    /** This broker now leads {@code partition} at {@code leaderEpoch} (also on a new epoch while leading). */
    void elected(Partition partition, int leaderEpoch);

    /** This broker no longer leads the partition (a follower now, or the topic is gone). */
    void resigned(TopicPartition partition);
}
