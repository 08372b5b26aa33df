package dev.voltstream.broker.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.TopicPartition;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.TopicImage;
import dev.voltstream.broker.metadata.PartitionState;
import dev.voltstream.broker.replica.LeadershipListener;
import dev.voltstream.broker.replica.Partition;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * Tells listeners which partitions of their topic this broker leads, as each metadata image is published (after the
 * {@link MetadataPublisher} gave the hosted partitions their roles): elected on a new leadership or epoch, resigned
 * when it ends. A listener added later first hears about the current image. Nothing is told before {@link #arm}: while
 * a restarted broker replays the metadata log it may see itself leading what moved away long ago, until its new
 * registration (which fences its previous incarnation) is applied.
 */
final class LeadershipWatcher implements Consumer<ClusterImage> {
    private final int localId;
    private final ReplicaManager replicas;
    private final Map<String, LeadershipListener> listeners = new HashMap<>();
    private final Map<TopicPartition, Led> led = new HashMap<>();
    private ClusterImage last = ClusterImage.EMPTY;
    private boolean armed;

    private record Led(Partition partition, int epoch) {
    }

    LeadershipWatcher(int localId, ReplicaManager replicas) {
        this.localId = localId;
        this.replicas = replicas;
    }

    synchronized void watch(String topic, LeadershipListener listener) {
        listeners.put(topic, listener);
        accept(last);
    }

    /** This broker's registration is in the image: from now on its leaderships are current. */
    synchronized void arm() {
        armed = true;
        accept(last);
    }

    @Override
    public synchronized void accept(ClusterImage image) {
        last = image;
        if (armed) {
            listeners.forEach((topic, listener) -> publish(image.topics().get(topic), topic, listener));
        }
    }

    private void publish(TopicImage topic, String name, LeadershipListener listener) {
        Map<TopicPartition, Led> now = new HashMap<>();
        if (topic != null) {
            for (int p = 0; p < topic.partitions().size(); p++) {
                PartitionState state = topic.partitions().get(p);
                TopicPartition tp = new TopicPartition(name, p);
                Partition partition = replicas.partition(tp).orElse(null);
                if (state.leader() == localId && partition != null && partition.isLeader()) {
                    now.put(tp, new Led(partition, state.leaderEpoch()));
                }
            }
        }
        for (TopicPartition tp : led.keySet().stream().filter(tp -> tp.topic().equals(name)).toList()) {
            if (!now.containsKey(tp)) {
                led.remove(tp);
                listener.resigned(tp);
            }
        }
        now.forEach((tp, leadership) -> {
            if (!leadership.equals(led.get(tp))) {
                led.put(tp, leadership);
                listener.elected(leadership.partition(), leadership.epoch());
            }
        });
    }
}
