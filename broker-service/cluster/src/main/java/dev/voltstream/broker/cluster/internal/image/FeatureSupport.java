package dev.voltstream.broker.cluster.internal.image;

import java.util.Map;

import org.apache.kafka.common.errors.InvalidUpdateVersionException;

/**
 * Whether finalizing feature levels is allowed by the registered brokers, as Kafka's controller checks an
 * UpdateFeatures request (FeatureControlManager): every registered broker, fenced ones included, must support the new
 * level, and the metadata level is never lowered (Kafka refuses a metadata.version downgrade that might lose metadata;
 * every one of ours would: level 1 cannot express the records level 2 wrote). Checked by the broker that takes the
 * request and again when the record is applied, so a broker registering meanwhile is not missed.
 */
public final class FeatureSupport {
    private FeatureSupport() {
    }

    /** @throws InvalidUpdateVersionException naming the feature, the level and what is in the way */
    public static void check(ClusterImage image, Map<String, Short> levels) {
        for (Map.Entry<String, Short> e : new java.util.TreeMap<>(levels).entrySet()) {
            String feature = e.getKey();
            short level = e.getValue();
            if (feature.equals(MetadataVersions.FEATURE)) {
                if (level < MetadataVersions.MINIMUM) {
                    throw invalid(feature, level, "Unable to set a metadata level less than "
                            + MetadataVersions.MINIMUM + ".");
                }
                if (level < image.metadataLevel()) {
                    throw invalid(feature, level, "Refusing to perform the requested downgrade because it might "
                            + "delete metadata information.");
                }
            }
            for (int id : image.brokers().keySet()) {
                MetadataCommand.FeatureRange range = image.supported(id, feature);
                if (range != null && !range.contains(level)) {
                    throw invalid(feature, level, range.max() == 0 ? "Broker " + id + " does not support this feature."
                            : "Broker " + id + " only supports versions " + range);
                }
            }
        }
    }

    private static InvalidUpdateVersionException invalid(String feature, short level, String why) {
        return new InvalidUpdateVersionException("Invalid update version " + level + " for feature " + feature + ". "
                + why);
    }
}
