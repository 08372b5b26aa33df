package dev.voltstream.broker.cluster;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.metadata.FinalizedFeatures;

/**
 * The cluster's finalized features, kept in the metadata log (FinalizeFeatures records): the initial levels until the
 * first UpdateFeatures, then the image's. The epoch is the image's log offset, as Kafka's is the metadata offset, so
 * it grows with every change on every broker alike.
 */
public final class ClusterFeatures implements Consumer<ClusterImage>, FinalizedFeatures {
    private final AtomicReference<MetadataQuorum> quorum = new AtomicReference<>();
    private final Map<String, Short> initial;
    private volatile Levels levels;

    ClusterFeatures(Map<String, Short> initial) {
        this.initial = Map.copyOf(initial);
        this.levels = new Levels(initial, 0);
    }

    void useQuorum(MetadataQuorum metadataQuorum) {
        quorum.set(metadataQuorum);
    }

    @Override
    public void accept(ClusterImage image) {
        Map<String, Short> finalized = new java.util.TreeMap<>(initial);
        finalized.putAll(image.features());
        levels = new Levels(finalized, image.offset());
    }

    @Override
    public Levels levels() {
        return levels;
    }

    @Override
    public void update(Map<String, Short> updates) {
        QuorumTopicChanges.await(quorum.get().submit(new MetadataCommand.FinalizeFeatures(updates)));
    }
}
