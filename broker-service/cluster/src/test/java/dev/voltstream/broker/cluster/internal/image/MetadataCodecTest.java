package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterBrokerConfigs;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterIsr;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterPartitionReassignment;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterTopicConfigs;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreatePartitions;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.DeleteTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.ElectLeader;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;

class MetadataCodecTest {
    private static final int HEADER = 6;
    private static final List<MetadataCommand> EVERY_TYPE = List.of(
            new RegisterBroker(1, "h", 9092, null, "x"), new RegisterBroker(2, "h", 9093, "rack-1", "y"),
            new FenceBroker(3, "z"), new FenceBroker(3, null),
            new CreateTopic("t", Uuid.randomUuid(), 3, 2, Map.of("retention.ms", "1000")),
            new CreateTopic("p", Uuid.randomUuid(), 2, 2, Map.of(), List.of(List.of(1, 2), List.of(2, 1))),
            new CreatePartitions("t", 5), new AlterTopicConfigs("t", Map.of("a", "b")), new DeleteTopic("t"),
            new AlterIsr("t", 1, 2, 3, List.of(2, 1)), new AlterPartitionReassignment("t", 0, List.of(3, 1)),
            new AlterPartitionReassignment("t", 0, null), new AlterBrokerConfigs("", Map.of("log.roll.ms", "5")),
            new ElectLeader("t", 2, true));

    @Test
    void everyRecordTypeSurvivesItsFramedForm() {
        for (MetadataCommand c : EVERY_TYPE) {
            assertThat(MetadataCodec.decode(MetadataCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void theRecordTypesNewerThanReleaseZeroOneSurviveTheirFramedForm() {
        for (MetadataCommand c : List.of(new MetadataCommand.UnregisterBroker(4),
                new MetadataCommand.OfflineReplicas(1, "x", List.of(new org.apache.kafka.common.TopicPartition("t", 0),
                        new org.apache.kafka.common.TopicPartition("u", 3))))) {
            assertThat(MetadataCodec.decode(MetadataCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void aBatchOfTopicConfigChangesSurvivesItsFramedFormAsRecordTypeFourteen() {
        MetadataCommand batch = new MetadataCommand.AlterTopicConfigsBatch(List.of(
                new MetadataCommand.TopicConfigs("t", Uuid.randomUuid(), Map.of("retention.ms", "1000",
                        "cleanup.policy", "compact,delete")),
                new MetadataCommand.TopicConfigs("u", Uuid.randomUuid(), Map.of()),
                new MetadataCommand.TopicConfigs("t", Uuid.randomUuid(), Map.of("segment.bytes", "1048576"))));
        byte[] record = MetadataCodec.encode(batch);
        assertThat(MetadataCodec.decode(record)).isEqualTo(batch);
        ByteBuffer frame = ByteBuffer.wrap(record);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_MARKER);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_VERSION);
        assertThat(frame.getShort()).isEqualTo((short) 14).isEqualTo(MetadataCodec.ALTER_CONFIGS_BATCH);
        assertThat(frame.getShort()).isEqualTo((short) 0);
        assertThat(frame.getInt()).as("topics in the batch").isEqualTo(3);

        MetadataCommand empty = new MetadataCommand.AlterTopicConfigsBatch(List.of());
        assertThat(MetadataCodec.decode(MetadataCodec.encode(empty))).isEqualTo(empty);
        byte[] truncated = Arrays.copyOf(record, record.length - 1);
        assertThatThrownBy(() -> MetadataCodec.decode(truncated))
                .isInstanceOf(UnsupportedMetadataRecordException.class).hasMessageContaining("ends before its fields");
    }

    @Test
    void everyRecordCarriesAFrameWithItsTypeAndVersion() {
        ByteBuffer frame = ByteBuffer.wrap(MetadataCodec.encode(new AlterIsr("t", 0, 1, 4, List.of(1))));
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_MARKER);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_VERSION);
        assertThat(frame.getShort()).isEqualTo(MetadataCodec.ALTER_ISR);
        assertThat(frame.getShort()).isEqualTo((short) 0);
    }

    @Test
    void anUnframedRecordOfReleaseZeroOneReadsAsVersionZero() {
        // AlterIsr("orders", 2, 1, 7, [1, 2]) exactly as 0.1.0 wrote it: type byte 7, then the fields.
        byte[] old = HexFormat.of().parseHex("07" + "00066f7264657273" + "00000002" + "00000001" + "00000007"
                + "00000002" + "00000001" + "00000002");
        assertThat(MetadataCodec.decode(old)).isEqualTo(new AlterIsr("orders", 2, 1, 7, List.of(1, 2)));
    }

    @Test
    void everyUnframedRecordTypeOfReleaseZeroOneIsStillRead() {
        for (MetadataCommand c : EVERY_TYPE) {
            byte[] framed = MetadataCodec.encode(c);
            byte[] unframed = new byte[framed.length - HEADER + 1];
            unframed[0] = framed[3];
            System.arraycopy(framed, HEADER, unframed, 1, framed.length - HEADER);
            assertThat(MetadataCodec.decode(unframed)).isEqualTo(c);
        }
    }

    @Test
    void aRegistrationWithItsListenersIsVersionOneAndSurvivesItsFramedForm() {
        RegisterBroker registration = new RegisterBroker(2, List.of(
                new BrokerEndpoint("PLAINTEXT", "10.0.0.2", 9092, "PLAINTEXT"),
                new BrokerEndpoint("EXTERNAL", "broker-2.example.com", 9094, "SASL_SSL")), "rack-1", "inc");
        byte[] record = MetadataCodec.encode(registration);
        assertThat(MetadataCodec.decode(record)).isEqualTo(registration);
        ByteBuffer frame = ByteBuffer.wrap(record);
        frame.position(2);
        assertThat(frame.getShort()).isEqualTo(MetadataCodec.REGISTER);
        assertThat(frame.getShort()).as("record version").isEqualTo((short) 1);

        BrokerRegistration broker = MetadataApplier.apply(ClusterImage.EMPTY, registration, 1).image().brokers()
                .get(2);
        assertThat(broker.endpoint("EXTERNAL", "PLAINTEXT")).map(BrokerEndpoint::address)
                .contains("broker-2.example.com:9094");
        assertThat(broker.endpoint("external", "PLAINTEXT")).as("listener names are case-insensitive").isPresent();
        assertThat(broker.endpoint("INTERNAL", "PLAINTEXT")).isEmpty();
    }

    @Test
    void aVersionZeroRegistrationIsOneEndpointOfTheInterBrokerListener() {
        // RegisterBroker(7, "h", 9092, rack null, "a") as 0.1.0 and every release before several listeners wrote it.
        byte[] old = HexFormat.of().parseHex("F001" + "0001" + "0000" + "00000007" + "000168" + "00002384" + "00"
                + "000161");
        RegisterBroker read = (RegisterBroker) MetadataCodec.decode(old);
        assertThat(read).isEqualTo(new RegisterBroker(7, "h", 9092, null, "a"));
        assertThat(read.endpoints()).containsExactly(BrokerEndpoint.legacy("h", 9092));
        assertThat(MetadataCodec.encode(read)).as("still written as version 0").isEqualTo(old);

        BrokerRegistration broker = MetadataApplier.apply(ClusterImage.EMPTY, read, 1).image().brokers().get(7);
        assertThat(broker.endpoint("INTERNAL", "INTERNAL")).map(BrokerEndpoint::address).contains("h:9092");
        assertThat(broker.endpoint("EXTERNAL", "INTERNAL")).as("an old broker served one listener").isEmpty();
    }

    @Test
    void aNewerVersionOfAKnownRecordIsRefused() {
        byte[] record = MetadataCodec.encode(new DeleteTopic("t"));
        record[5] = 1;
        assertThatThrownBy(() -> MetadataCodec.decode(record)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("type 6 has version 1").hasMessageContaining("reads up to version 0");
    }

    @Test
    void anUnknownRecordTypeIsRefused() {
        byte[] record = MetadataCodec.encode(new DeleteTopic("t"));
        record[3] = 99;
        assertThatThrownBy(() -> MetadataCodec.decode(record)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("record type 99");
    }

    @Test
    void anUnknownFrameVersionIsRefused() {
        byte[] record = MetadataCodec.encode(new DeleteTopic("t"));
        record[1] = 2;
        assertThatThrownBy(() -> MetadataCodec.decode(record)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("frame version 2");
    }

    @Test
    void bytesLeftAfterTheFieldsAreRefusedRatherThanIgnored() {
        byte[] record = MetadataCodec.encode(new DeleteTopic("t"));
        byte[] longer = Arrays.copyOf(record, record.length + 4);
        assertThatThrownBy(() -> MetadataCodec.decode(longer)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("4 bytes after its fields");
    }

    @Test
    void aTruncatedRecordIsRefused() {
        byte[] record = MetadataCodec.encode(new CreatePartitions("t", 5));
        byte[] shorter = Arrays.copyOf(record, record.length - 2);
        assertThatThrownBy(() -> MetadataCodec.decode(shorter)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("ends before its fields");
    }

    @Test
    void bytesThatAreNoMetadataRecordAreRefused() {
        assertThatThrownBy(() -> MetadataCodec.decode(new byte[] {0, 1, 2}))
                .isInstanceOf(UnsupportedMetadataRecordException.class).hasMessageContaining("first byte 0");
    }
}
