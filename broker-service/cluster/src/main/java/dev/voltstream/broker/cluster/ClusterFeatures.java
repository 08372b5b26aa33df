package dev.voltstream.broker.cluster;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.metadata.FinalizedFeatures;

/**
 * The cluster's finalized features, kept in the metadata log (FinalizeFeatures records). A new cluster records its
 * initial levels once, when it is formed ({@link #recordIfNew}), so every broker uses the same levels from the start
 * whatever its own setting; a cluster formed by an earlier release, whose log has no levels until its first
 * UpdateFeatures, keeps the unrecorded level it ran at. The epoch is the image's log offset, as Kafka's is the
 * metadata offset, so it grows with every change on every broker alike.
 */
public final class ClusterFeatures implements Consumer<ClusterImage>, FinalizedFeatures {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFeatures.class);
    private final AtomicReference<MetadataQuorum> quorum = new AtomicReference<>();
    private final Map<String, Short> initial;
    private final Map<String, Short> unrecorded;
    private volatile Levels levels;

    ClusterFeatures(Map<String, Short> initial, Map<String, Short> unrecorded) {
        this.initial = Map.copyOf(initial);
        this.unrecorded = Map.copyOf(unrecorded);
        this.levels = new Levels(unrecorded, 0);
    }

    void useQuorum(MetadataQuorum metadataQuorum) {
        quorum.set(metadataQuorum);
    }

    @Override
    public void accept(ClusterImage image) {
        Map<String, Short> finalized = new java.util.TreeMap<>(unrecorded);
        finalized.putAll(image.features());
        levels = new Levels(finalized, image.offset());
    }

    @Override
    public Levels levels() {
        return levels;
    }

    /**
     * Records the initial levels when the cluster is new: {@code image} (this broker caught up with the log) has no
     * finalized features and no topic yet. A cluster formed by an earlier release has topics (at least the internal
     * ones once a client used it); one without any has never run a transaction, so the new levels change nothing for
     * it. Brokers starting together may each record them: the same levels, the last one applied wins.
     */
    void recordIfNew(ClusterImage image) {
        if (image.features().isEmpty() && image.topics().isEmpty()) {
            try {
                update(initial);
                LOG.info("New cluster: finalized {}", initial);
            } catch (RuntimeException e) {
                // Every broker checks when it registers: the next one (or this one's restart) records them.
                LOG.warn("Cannot record the initial feature levels {} of the new cluster: {}", initial, e.toString());
            }
        }
    }

    @Override
    public void update(Map<String, Short> updates) {
        QuorumTopicChanges.await(quorum.get().submit(new MetadataCommand.FinalizeFeatures(updates)));
    }
}
