package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterBrokerConfigs;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterPartitionReassignment;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;

/** A metadata snapshot holds the whole image, byte for byte, and refuses what it cannot read safely. */
class ImageSnapshotCodecTest {
    @Test
    void anImageSurvivesTheRoundTripWhole() throws IOException {
        ClusterImage image = ClusterImage.EMPTY;
        long offset = 0;
        for (MetadataCommand command : List.of(
                MetadataLevelsTest.supports(1, "inc-1", 2),
                new RegisterBroker(1, "127.0.0.1", 9092, "rack-a", "inc-1"),
                new RegisterBroker(2, "127.0.0.1", 9093, null, "inc-2"),
                new RegisterBroker(3, "127.0.0.1", 9094, null, "inc-3"),
                new RegisterBroker(4, "127.0.0.1", 9095, null, "inc-4"),
                new RegisterBroker(5, List.of(new BrokerEndpoint("PLAINTEXT", "127.0.0.1", 9096, "PLAINTEXT"),
                        new BrokerEndpoint("EXTERNAL", "b5.example.com", 9097, "SSL")), null, "inc-5"),
                new CreateTopic("orders", Uuid.randomUuid(), 3, 3, Map.of("retention.ms", "1000"), List.of()),
                new AlterPartitionReassignment("orders", 0, List.of(2, 3, 4)),
                new FenceBroker(2, "inc-2"),
                new AlterBrokerConfigs("", Map.of("log.retention.ms", "5000")),
                new MetadataCommand.AlterAcls(List.of(AclRecordsTest.acl("payments.", "alice"),
                        AclRecordsTest.acl("orders", "bob")), List.of()),
                new MetadataCommand.FinalizeFeatures(Map.of("transaction.version", (short) 2)),
                SecurityRecordsTest.scram("alice", "SCRAM-SHA-512", SecurityRecordsTest.CREDENTIAL, false),
                SecurityRecordsTest.quota(SecurityRecordsTest.entity("user", null), Map.of("producer_byte_rate",
                        1024.0), java.util.Set.of()))) {
            image = MetadataApplier.apply(image, command, ++offset).image();
        }

        ClusterImage read = ImageSnapshotCodec.read(new ByteArrayInputStream(bytes(image)));

        assertThat(read).isEqualTo(image);
        assertThat(read.partition(new org.apache.kafka.common.TopicPartition("orders", 0)).orElseThrow()
                .reassigning()).isTrue();
        assertThat(read.brokers().get(2).fenced()).isTrue();
        assertThat(read.acls()).hasSize(2);
        assertThat(read.features()).containsEntry("transaction.version", (short) 2);
        assertThat(read.scram().users()).containsOnlyKeys("alice");
        assertThat(read.quotas().entities()).hasSize(1);
        assertThat(read.supported(1, MetadataVersions.FEATURE)).hasToString("1-2");
    }

    @Test
    void aFormatFourSnapshotReadsEachBrokerAsOneEndpointOfTheInterBrokerListener() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(0x56534d49);
        out.writeShort(4);
        out.writeLong(12); // offset
        out.writeInt(1); // brokers: id, host, port, rack, incarnation, fenced
        out.writeInt(3);
        out.writeUTF("h3");
        out.writeInt(9094);
        out.writeBoolean(false);
        out.writeUTF("inc-3");
        out.writeBoolean(false);
        for (int i = 0; i < 6; i++) {
            out.writeInt(0); // topics, broker configs, ACLs, features, SCRAM credentials, quotas
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());

        ClusterImage read = ImageSnapshotCodec.read(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(read.offset()).isEqualTo(12);
        assertThat(read.brokers().get(3).endpoints()).containsExactly(BrokerEndpoint.legacy("h3", 9094));
        assertThat(read.brokers().get(3).endpoint("PLAINTEXT", "PLAINTEXT")).map(BrokerEndpoint::address)
                .contains("h3:9094");
    }

    @Test
    void aCorruptSnapshotIsRefused() throws IOException {
        byte[] bytes = bytes(MetadataApplier.apply(ClusterImage.EMPTY,
                new RegisterBroker(1, "127.0.0.1", 9092, null, "inc-1"), 1).image());
        bytes[bytes.length / 2] ^= 0x40;

        assertThatThrownBy(() -> ImageSnapshotCodec.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void aSnapshotOfANewerFormatIsRefusedNotMisread() throws IOException {
        byte[] bytes = bytes(ClusterImage.EMPTY);
        bytes[5] = 99; // the version's low byte, after the 4-byte magic

        assertThatThrownBy(() -> ImageSnapshotCodec.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class).hasMessageContaining("version 99");
    }

    private static byte[] bytes(ClusterImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageSnapshotCodec.write(image, out);
        return out.toByteArray();
    }
}
