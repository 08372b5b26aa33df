package dev.voltstream.broker.cluster;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.common.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.FeatureSupport;
import dev.voltstream.broker.cluster.internal.image.MetadataVersions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.metadata.FinalizedFeatures;

/**
 * The cluster's finalized features, kept in the metadata log (FinalizeFeatures records). A new cluster records its
 * initial levels once, when it is formed ({@link #recordIfNew}), so every broker uses the same levels from the start
 * whatever its own setting; a cluster formed by an earlier release, whose log has no levels until its first
 * UpdateFeatures, keeps the unrecorded level it ran at (metadata level 1). The epoch is the image's log offset, as
 * Kafka's is the metadata offset, so it grows with every change on every broker alike. Also what this broker supports
 * (its metadata level up to {@code voltstream.supported.metadata.version.max}) and the cluster-wide checks of
 * UpdateFeatures ({@link FeatureSupport}).
 */
public final class ClusterFeatures implements Consumer<ClusterImage>, FinalizedFeatures {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFeatures.class);
    private final AtomicReference<MetadataQuorum> quorum = new AtomicReference<>();
    private final Map<String, Short> initial;
    private final Map<String, Short> unrecorded;
    private final short metadataMax;
    private volatile Levels levels;
    private volatile boolean warnedAboveSupported;

    /**
     * {@code initial} and {@code unrecorded} without the metadata level: a new cluster finalizes the highest this
     * broker supports ({@code metadataMax}), one whose log has none is at {@link MetadataVersions#MINIMUM}.
     */
    ClusterFeatures(Map<String, Short> initial, Map<String, Short> unrecorded, short metadataMax) {
        if (metadataMax < MetadataVersions.MINIMUM || metadataMax > MetadataVersions.LATEST) {
            throw new IllegalArgumentException(MetadataVersions.SUPPORTED_MAX_CONFIG + "=" + metadataMax
                    + " is not a metadata level of this release (" + MetadataVersions.MINIMUM + " to "
                    + MetadataVersions.LATEST + ")");
        }
        this.metadataMax = metadataMax;
        Map<String, Short> first = new TreeMap<>(initial);
        first.put(MetadataVersions.FEATURE, metadataMax);
        this.initial = Map.copyOf(first);
        Map<String, Short> old = new TreeMap<>(unrecorded);
        old.put(MetadataVersions.FEATURE, MetadataVersions.MINIMUM);
        this.unrecorded = Map.copyOf(old);
        this.levels = new Levels(this.unrecorded, 0);
    }

    /** This broker's highest metadata level: {@code voltstream.supported.metadata.version.max}, else the latest. */
    static short metadataMax(java.util.function.Function<String, java.util.Optional<String>> config) {
        String value = config.apply(MetadataVersions.SUPPORTED_MAX_CONFIG).map(String::trim)
                .orElse(Short.toString(MetadataVersions.LATEST));
        try {
            return Short.parseShort(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MetadataVersions.SUPPORTED_MAX_CONFIG + "=" + value
                    + " is not a metadata level", e);
        }
    }

    void useQuorum(MetadataQuorum metadataQuorum) {
        quorum.set(metadataQuorum);
    }

    @Override
    public void accept(ClusterImage image) {
        Map<String, Short> finalized = new TreeMap<>(unrecorded);
        finalized.putAll(image.features());
        levels = new Levels(finalized, image.offset());
        if (image.metadataLevel() > metadataMax && !warnedAboveSupported) {
            warnedAboveSupported = true;
            LOG.error("The cluster's {} is {}, above the {} this broker supports: it reads every record, but the "
                    + "cluster may have let a broker of an older release in", MetadataVersions.FEATURE,
                    image.metadataLevel(), metadataMax);
        }
    }

    /** transaction.version 0-2 and the metadata level from 1 to what this broker supports. */
    @Override
    public Map<String, Range> supported() {
        Map<String, Range> all = new TreeMap<>(FinalizedFeatures.super.supported());
        all.put(MetadataVersions.FEATURE, new Range(MetadataVersions.MINIMUM, metadataMax));
        return all;
    }

    /** {@link #supported} as this broker registers it (its BrokerFeatures record). */
    Map<String, MetadataCommand.FeatureRange> registered() {
        Map<String, MetadataCommand.FeatureRange> ranges = new TreeMap<>();
        supported().forEach((name, range) -> ranges.put(name, new MetadataCommand.FeatureRange(range.min(),
                range.max())));
        return ranges;
    }

    /** Refused when a registered broker does not support a level, or the metadata level would go down. */
    @Override
    public void validate(Map<String, Short> updates) {
        try {
            FeatureSupport.check(quorum.get().image(), updates);
        } catch (ApiException e) {
            LOG.warn("UpdateFeatures {} refused: {}", updates, e.getMessage());
            throw e;
        }
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
