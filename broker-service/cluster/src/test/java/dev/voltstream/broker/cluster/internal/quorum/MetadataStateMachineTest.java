package dev.voltstream.broker.cluster.internal.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataCodec;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;
import dev.voltstream.broker.cluster.internal.image.UnsupportedMetadataRecordException;

/**
 * The state machine applies 0.1.0's records and framed ones alike, stops at a record it cannot read, applies a
 * batch of config changes as one entry, and takes no snapshot below metadata level 2.
 */
class MetadataStateMachineTest {
    final List<ClusterImage> published = new ArrayList<>();
    final MetadataStateMachine stateMachine = new MetadataStateMachine(published::add, (id, inc) -> HeartbeatAnswer.ACTIVE,
            leader -> { });

    @Test
    void recordsOfReleaseZeroOneAndFramedRecordsAreBothApplied() {
        // RegisterBroker(1, "h", 9092, null, "a") exactly as 0.1.0 wrote it: type byte 1, then the fields.
        apply(1, HexFormat.of().parseHex("01" + "00000001" + "000168" + "00002384" + "00" + "000161"));
        apply(2, MetadataCodec.encode(new RegisterBroker(2, "h", 9093, "rack", "b")));
        assertThat(stateMachine.image().brokers()).containsOnlyKeys(1, 2);
        assertThat(published).hasSize(2);
    }

    @Test
    void aRecordOfANewerVersionStopsTheStateMachineInsteadOfBeingSkipped() {
        apply(1, MetadataCodec.encode(new RegisterBroker(1, "h", 9092, null, "a")));
        byte[] newer = MetadataCodec.encode(new RegisterBroker(2, "h", 9093, null, "b"));
        newer[5] = 2; // RegisterBroker is at version 1
        assertThatThrownBy(() -> apply(2, newer)).isInstanceOf(UnsupportedMetadataRecordException.class)
                .hasMessageContaining("version 2");
        assertThat(stateMachine.image().brokers()).containsOnlyKeys(1);
        assertThat(stateMachine.appliedIndex()).as("the entry is not marked applied").isEqualTo(1);
    }

    @Test
    void aBatchOfConfigChangesIsOneEntryAndOneImageAndSkipsATopicDeletedBeforeIt() {
        Uuid kept = Uuid.randomUuid();
        Uuid deleted = Uuid.randomUuid();
        apply(1, MetadataCodec.encode(new RegisterBroker(1, "h", 9092, null, "a")));
        apply(2, MetadataCodec.encode(new MetadataCommand.CreateTopic("kept", kept, 1, 1, Map.of())));
        apply(3, MetadataCodec.encode(new MetadataCommand.CreateTopic("deleted", deleted, 1, 1, Map.of())));
        apply(4, MetadataCodec.encode(new MetadataCommand.DeleteTopic("deleted")));
        int images = published.size();

        Message reply = apply(5, MetadataCodec.encode(new MetadataCommand.AlterTopicConfigsBatch(List.of(
                new MetadataCommand.TopicConfigs("deleted", deleted, Map.of("retention.ms", "1")),
                new MetadataCommand.TopicConfigs("kept", kept, Map.of("retention.ms", "2"))))));

        assertThat(reply.getContent().asReadOnlyByteBuffer().getShort()).as("error code")
                .isEqualTo(Errors.NONE.code());
        assertThat(published).hasSize(images + 1);
        assertThat(stateMachine.image().topics()).containsOnlyKeys("kept");
        assertThat(stateMachine.image().topics().get("kept").configs()).isEqualTo(Map.of("retention.ms", "2"));
        assertThat(stateMachine.appliedIndex()).isEqualTo(5);
    }

    @Test
    void noSnapshotIsTakenBelowMetadataLevelTwoSoTheLogStaysWhole() throws Exception {
        apply(1, MetadataCodec.encode(new RegisterBroker(1, "h", 9092, null, "a"), (short) 1));
        apply(2, MetadataCodec.encode(new MetadataCommand.CreateTopic("t", Uuid.randomUuid(), 1, 1, Map.of()),
                (short) 1));
        assertThat(stateMachine.image().metadataLevel()).isEqualTo((short) 1);
        assertThat(stateMachine.takeSnapshot()).as("no snapshot, nothing purged").isEqualTo(RaftLog.INVALID_LOG_INDEX);
    }

    private Message apply(long index, byte[] data) {
        LogEntryProto entry = LogEntryProto.newBuilder().setTerm(1).setIndex(index)
                .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(ByteString.copyFrom(data)))
                .build();
        TransactionContext trx = TransactionContext.newBuilder().setStateMachine(stateMachine)
                .setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build();
        return stateMachine.applyTransaction(trx).join();
    }
}
