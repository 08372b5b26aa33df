package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FinalizeFeatures;

/**
 * The FinalizeFeatures metadata record (UpdateFeatures in cluster mode): its framed form (type 15, version 0), how
 * the image applies it (a removed feature stays as level 0, unlike one never finalized), and a reader of an older
 * release (which knows types up to 14) refusing it by its type.
 */
class FeatureRecordsTest {
    @Test
    void finalizeFeaturesIsAFramedRecordOfItsOwnTypeAndSurvivesTheRoundTrip() {
        FinalizeFeatures record = new FinalizeFeatures(Map.of("transaction.version", (short) 2));
        byte[] bytes = MetadataCodec.encode(record);
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_MARKER);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_VERSION);
        assertThat(frame.getShort()).isEqualTo((short) 15).isEqualTo(MetadataCodec.FINALIZE_FEATURES);
        assertThat(frame.getShort()).isZero();
        assertThat(MetadataCodec.decode(bytes)).isEqualTo(record);
    }

    @Test
    void theImageKeepsTheLastLevelOfEachFeature() {
        ClusterImage image = MetadataApplier.apply(ClusterImage.EMPTY,
                new FinalizeFeatures(Map.of("transaction.version", (short) 2)), 1).image();
        assertThat(image.features()).containsExactlyEntriesOf(Map.of("transaction.version", (short) 2));
        image = MetadataApplier.apply(image, new FinalizeFeatures(Map.of("transaction.version", (short) 0)), 2)
                .image();
        assertThat(image.features()).containsExactlyEntriesOf(Map.of("transaction.version", (short) 0));
        assertThat(image.offset()).isEqualTo(2);
    }

    @Test
    void aTruncatedFeatureRecordIsRefused() {
        byte[] bytes = MetadataCodec.encode(new FinalizeFeatures(Map.of("transaction.version", (short) 2)));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> MetadataCodec.decode(cut)).isInstanceOf(UnsupportedMetadataRecordException.class);
    }
}
