package dev.voltstream.broker.cluster.internal.image;

import java.util.Map;

import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The cluster's metadata level, the feature {@value #FEATURE} (our counterpart of Kafka's {@code metadata.version}):
 * which metadata records brokers may write, so that every broker still in the cluster can read them. Its levels are
 * our releases' record sets, not Kafka's releases, hence its own name (Kafka's tools read a {@code metadata.version}
 * level as a Kafka release). This class is the table of what each level allows.
 *
 * <ul>
 *   <li>Level 1: what release 0.1.0 reads. Record types 1..10 at version 0, written without a frame (0.1.0's form).
 *   Besides, {@code UnregisterBroker} (11), {@code FinalizeFeatures} (15) and {@code BrokerFeatures} (18) are written
 *   framed: 0.1.0 skips a framed record (it logs "Unknown metadata command type -16" and goes on). The last two hold
 *   nothing a 0.1.0 broker keeps — they are how the newer brokers agree on the level and raise it; an unregistered
 *   broker stays registered but fenced for a 0.1.0 broker, as a stopped one (and removing a dead 0.1.0 broker's
 *   registration is what lets the level be raised). No metadata snapshots: 0.1.0 reads none, and a leader sends a
 *   snapshot to a follower behind its log's start.</li>
 *   <li>Level 2: every record type of this release (1..21), framed; snapshots. Below it, a request's topic changes
 *   are one record per topic instead of a batch (types 14, 19..21).</li>
 * </ul>
 * A new cluster finalizes {@link #LATEST}; a cluster whose log has no level (formed by 0.1.0) is at {@link #MINIMUM}
 * until UpdateFeatures raises it, which the brokers allow only when every registered broker supports the new level.
 */
public final class MetadataVersions {
    public static final String FEATURE = "voltstream.metadata.version";
    /** What release 0.1.0 reads. */
    public static final short MINIMUM = 1;
    /** What this release writes. */
    public static final short LATEST = 2;
    /** The level from which brokers take metadata snapshots and purge the log before them (0.1.0 reads none). */
    public static final short SNAPSHOTS_SINCE = 2;
    /** The broker setting that lowers the highest level this broker supports (and registers), for tests. */
    public static final String SUPPORTED_MAX_CONFIG = "voltstream.supported.metadata.version.max";

    /** The lowest level at which each record type may be written; index = record type. */
    private static final short[] SINCE = new short[MetadataCodec.DELETE_TOPICS_BATCH + 1];

    static {
        for (short type = MetadataCodec.REGISTER; type <= MetadataCodec.ELECT_LEADER; type++) {
            SINCE[type] = 1;
        }
        SINCE[MetadataCodec.UNREGISTER] = 1;
        SINCE[MetadataCodec.OFFLINE_REPLICAS] = 2;
        SINCE[MetadataCodec.ALTER_ACLS] = 2;
        SINCE[MetadataCodec.ALTER_CONFIGS_BATCH] = 2;
        SINCE[MetadataCodec.FINALIZE_FEATURES] = 1;
        SINCE[MetadataCodec.ALTER_SCRAM_CREDENTIALS] = 2;
        SINCE[MetadataCodec.ALTER_CLIENT_QUOTAS] = 2;
        SINCE[MetadataCodec.BROKER_FEATURES] = 1;
        for (short type : MetadataCodec.TOPIC_BATCH_TYPES) {
            SINCE[type] = 2;
        }
    }

    private MetadataVersions() {
    }

    /** The lowest metadata level at which {@code command} may be written. */
    public static short since(MetadataCommand command) {
        return SINCE[MetadataCodec.typeOf(command)];
    }

    /** Whether a cluster at {@code level} may write {@code command}. */
    public static boolean allows(short level, MetadataCommand command) {
        return level >= since(command);
    }

    /**
     * Refuses {@code command} below the level that introduced it, with Kafka's UNSUPPORTED_VERSION (as Kafka answers
     * AlterUserScramCredentials below the metadata.version that introduced SCRAM records).
     */
    public static void check(short level, MetadataCommand command) {
        if (!allows(level, command)) {
            throw new UnsupportedVersionException(command.getClass().getSimpleName() + " needs " + FEATURE + " "
                    + since(command) + " or later, and the cluster is at " + level + ": once every broker runs this "
                    + "release, raise it with kafka-features.sh upgrade --feature " + FEATURE + "=" + since(command));
        }
    }

    /** Whether records are written framed at {@code level}: from level 2; at level 1 only the types 0.1.0 skips. */
    static boolean framed(short level, short type) {
        return level >= 2 || type > MetadataCodec.ELECT_LEADER;
    }

    /** The finalized level in a cluster's finalized features: {@link #MINIMUM} when its log has none. */
    public static short finalized(Map<String, Short> features) {
        Short level = features.get(FEATURE);
        return level == null || level < MINIMUM ? MINIMUM : level;
    }
}
