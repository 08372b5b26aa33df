package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.BrokerFeatures;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FeatureRange;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FinalizeFeatures;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;

/**
 * The metadata level ({@code voltstream.metadata.version}): which records each level lets a broker write and in which
 * form (the table in {@link MetadataVersions}), and when the image lets FinalizeFeatures raise it
 * ({@link FeatureSupport}: every registered broker must support the level; never lowered).
 */
class MetadataLevelsTest {
    private static final short ONE = 1;
    private static final short TWO = 2;
    private long offset;

    static BrokerFeatures supports(int id, String incarnation, int max) {
        return new BrokerFeatures(id, incarnation, Map.of(MetadataVersions.FEATURE, new FeatureRange(ONE, (short) max),
                "transaction.version", new FeatureRange((short) 0, TWO)));
    }

    private static List<MetadataCommand> introducedAfterZeroOne() {
        return List.of(
                new MetadataCommand.OfflineReplicas(1, "a", List.of(new TopicPartition("t", 0))),
                new MetadataCommand.AlterAcls(List.of(AclRecordsTest.acl("orders", "bob")), List.of()),
                new MetadataCommand.AlterTopicConfigsBatch(List.of()),
                SecurityRecordsTest.scram("alice", "SCRAM-SHA-512", SecurityRecordsTest.CREDENTIAL, false),
                SecurityRecordsTest.quota(SecurityRecordsTest.entity("user", "a"), Map.of("producer_byte_rate",
                        1.0), java.util.Set.of()));
    }

    @Test
    void levelOneRefusesTheRecordsAddedAfterZeroOneWithUnsupportedVersionNamingTheFeatureAndLevel() {
        for (MetadataCommand command : introducedAfterZeroOne()) {
            assertThat(MetadataVersions.allows(ONE, command)).as("%s at level 1", command).isFalse();
            assertThatThrownBy(() -> MetadataVersions.check(ONE, command))
                    .isInstanceOf(UnsupportedVersionException.class)
                    .hasMessageContaining("voltstream.metadata.version 2 or later, and the cluster is at 1");
            MetadataVersions.check(TWO, command);
        }
    }

    @Test
    void levelOneWritesWhatZeroOneReadsUnframedAndTheRecordsZeroOneSkipsFramed() {
        MetadataCommand create = new MetadataCommand.CreateTopic("orders", Uuid.randomUuid(), 1, 1, Map.of());
        byte[] old = MetadataCodec.encode(create, ONE);
        assertThat(old[0]).as("0.1.0's type byte").isEqualTo((byte) MetadataCodec.CREATE_TOPIC);
        assertThat(MetadataCodec.decode(old)).isEqualTo(create);
        assertThat(MetadataCodec.encode(create, TWO)[0]).isEqualTo(MetadataCodec.FRAME_MARKER);

        // 0.1.0 skips a framed record ("Unknown metadata command type -16"): these carry nothing it keeps.
        for (MetadataCommand skipped : List.of(supports(1, "a", 2), new MetadataCommand.UnregisterBroker(3),
                new FinalizeFeatures(Map.of(MetadataVersions.FEATURE, TWO)))) {
            MetadataVersions.check(ONE, skipped);
            byte[] bytes = MetadataCodec.encode(skipped, ONE);
            assertThat(bytes[0]).isEqualTo(MetadataCodec.FRAME_MARKER);
            assertThat(MetadataCodec.decode(bytes)).isEqualTo(skipped);
        }
    }

    @Test
    void aClusterWhoseLogHasNoLevelIsAtLevelOne() {
        assertThat(ClusterImage.EMPTY.metadataLevel()).isEqualTo(ONE);
        ClusterImage image = apply(ClusterImage.EMPTY, new FinalizeFeatures(Map.of("transaction.version", TWO)));
        assertThat(image.metadataLevel()).isEqualTo(ONE);
    }

    private ClusterImage apply(ClusterImage image, MetadataCommand command) {
        MetadataApplier.Applied applied = MetadataApplier.apply(image, MetadataCodec.decode(MetadataCodec.encode(
                command)), ++offset);
        assertThat(applied.error()).as("%s: %s", command, applied.message()).isEqualTo(Errors.NONE);
        return applied.image();
    }

    private MetadataApplier.Applied raise(ClusterImage image, short level) {
        return MetadataApplier.apply(image, new FinalizeFeatures(Map.of(MetadataVersions.FEATURE, level)), ++offset);
    }

    @Test
    void theLevelIsRaisedOnlyWhenEveryRegisteredBrokerSupportsIt() {
        ClusterImage image = apply(ClusterImage.EMPTY, supports(1, "a", 2));
        image = apply(image, new RegisterBroker(1, "h", 9092, null, "a"));
        image = apply(image, new RegisterBroker(2, "h", 9093, null, "zero-one")); // 0.1.0: no BrokerFeatures
        image = apply(image, supports(3, "c", 1)); // capped at 1
        image = apply(image, new RegisterBroker(3, "h", 9094, null, "c"));

        MetadataApplier.Applied refused = raise(image, TWO);
        assertThat(refused.error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
        assertThat(refused.message()).isEqualTo("Invalid update version 2 for feature voltstream.metadata.version. "
                + "Broker 2 only supports versions 1");
        assertThat(refused.image().metadataLevel()).isEqualTo(ONE);

        // Broker 2 restarts on this release; broker 3 is stopped and unregistered.
        image = apply(image, supports(2, "b", 2));
        image = apply(image, new RegisterBroker(2, "h", 9093, null, "b"));
        assertThat(raise(image, TWO).message()).endsWith("Broker 3 only supports versions 1");
        image = apply(image, new MetadataCommand.FenceBroker(3, "c"));
        image = apply(image, new MetadataCommand.UnregisterBroker(3));
        image = apply(image, new FinalizeFeatures(Map.of(MetadataVersions.FEATURE, TWO)));
        assertThat(image.metadataLevel()).isEqualTo(TWO);
    }

    @Test
    void aRestartedBrokerIsJudgedByItsNewIncarnationAndTheLevelNeverGoesDown() {
        ClusterImage image = apply(ClusterImage.EMPTY, supports(1, "a", 2));
        image = apply(image, new RegisterBroker(1, "h", 9092, null, "a"));
        image = apply(image, new FinalizeFeatures(Map.of(MetadataVersions.FEATURE, TWO)));

        MetadataApplier.Applied down = raise(image, ONE);
        assertThat(down.error()).isEqualTo(Errors.INVALID_UPDATE_VERSION);
        assertThat(down.message()).contains("Refusing to perform the requested downgrade");
        assertThat(raise(image, (short) 0).message()).contains("less than 1");

        // The same broker restarted on an older binary (no BrokerFeatures for its new incarnation): level 1 only.
        image = apply(image, new RegisterBroker(1, "h", 9092, null, "a2"));
        assertThat(image.supported(1, MetadataVersions.FEATURE)).isEqualTo(new FeatureRange(ONE, ONE));
        assertThat(image.supported(1, "transaction.version")).as("unknown for a broker that wrote none").isNull();
        image = apply(image, supports(1, "a2", 2));
        assertThat(image.supported(1, MetadataVersions.FEATURE)).isEqualTo(new FeatureRange(ONE, TWO));
        assertThat(image.supported(1, "some.feature")).isEqualTo(new FeatureRange((short) 0, (short) 0));
    }

    @Test
    void otherFeaturesAreCheckedAgainstTheBrokersThatRegisteredThem() {
        ClusterImage image = apply(ClusterImage.EMPTY, supports(1, "a", 2));
        image = apply(image, new RegisterBroker(1, "h", 9092, null, "a"));
        image = apply(image, new RegisterBroker(2, "h", 9093, null, "zero-one"));
        assertThat(apply(image, new FinalizeFeatures(Map.of("transaction.version", ONE))).features())
                .containsEntry("transaction.version", ONE);
        MetadataApplier.Applied refused = MetadataApplier.apply(image,
                new FinalizeFeatures(Map.of("transaction.version", (short) 3)), ++offset);
        assertThat(refused.message()).endsWith("Broker 1 only supports versions 0-2");
    }
}
