package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterAcls;

/** The AlterAcls metadata record: its framed form (type 13, version 0) and how the image applies it. */
class AclRecordsTest {
    static AclBinding acl(String prefix, String user) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED),
                new AccessControlEntry("User:" + user, "*", AclOperation.WRITE, AclPermissionType.ALLOW));
    }

    @Test
    void alterAclsIsAFramedRecordOfItsOwnTypeAndSurvivesTheRoundTrip() {
        AlterAcls record = new AlterAcls(List.of(acl("payments.", "alice"), new AclBinding(
                new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
                new AccessControlEntry("User:*", "10.0.0.1", AclOperation.READ, AclPermissionType.DENY))),
                List.of(acl("orders", "bob")));
        byte[] bytes = MetadataCodec.encode(record);
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_MARKER);
        assertThat(frame.get()).isEqualTo(MetadataCodec.FRAME_VERSION);
        assertThat(frame.getShort()).isEqualTo(MetadataCodec.ALTER_ACLS);
        assertThat(frame.getShort()).isZero();
        assertThat(MetadataCodec.decode(bytes)).isEqualTo(record);
    }

    @Test
    void theImageAddsAndRemovesExactBindings() {
        ClusterImage image = MetadataApplier.apply(ClusterImage.EMPTY,
                new AlterAcls(List.of(acl("a.", "alice"), acl("b.", "bob")), List.of()), 1).image();
        image = MetadataApplier.apply(image, new AlterAcls(List.of(acl("c.", "carol")), List.of(acl("a.", "alice"))),
                2).image();
        assertThat(image.acls()).containsExactly(acl("b.", "bob"), acl("c.", "carol"));
        assertThat(image.offset()).isEqualTo(2);
    }
}
