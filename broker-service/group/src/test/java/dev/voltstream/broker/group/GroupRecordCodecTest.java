package dev.voltstream.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.Test;

class GroupRecordCodecTest {
    private static final GroupRecord.Offset COMMIT = new GroupRecord.Offset("billing",
            new TopicPartition("orders", 0), new CommittedOffset(3, 2, "checkpoint", 1000, -1));

    @Test
    void anOffsetCommitSurvivesItsByteForm() {
        assertThat(GroupRecordCodec.decode(stored(GroupRecordCodec.encode(COMMIT, 1000)))).isEqualTo(COMMIT);
    }

    @Test
    void aValueOfANewerVersionIsRefusedRatherThanMisread() {
        SimpleRecord encoded = GroupRecordCodec.encode(COMMIT, 1000);
        ByteBuffer value = ByteBuffer.allocate(encoded.value().remaining()).put(encoded.value().duplicate());
        value.putShort(0, (short) 1).rewind();
        SimpleRecord newer = new SimpleRecord(1000, encoded.key().duplicate(), value);
        assertThatThrownBy(() -> GroupRecordCodec.decode(stored(newer))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("value version 1, this broker reads up to 0");
    }

    private static final Uuid TOPIC = Uuid.fromString("AAAAAAAAAAAAAAAAAAAAAQ");
    private static final GroupRecord.ConsumerGroupSnapshot CONSUMER_GROUP = new GroupRecord.ConsumerGroupSnapshot(
            "payments", 7, 6, "uniform", Map.of("orders", 4), List.of(
                    new GroupRecord.ConsumerMember("m-1", "instance-1", "rack-a", "client", "/127.0.0.1",
                            List.of("orders"), null, "uniform", 45_000, 6, 5, "UNREVOKED_PARTITIONS", false,
                            Map.of(TOPIC, Set.of(0, 1)), Map.of(TOPIC, Set.of(2)), Map.of(TOPIC, Set.of(0, 1))),
                    new GroupRecord.ConsumerMember("m-2", null, null, null, null, List.of(), "ord.*", null, 30_000,
                            0, -1, "STABLE", true, Map.of(), Map.of(), Map.of(TOPIC, Set.of(2, 3)))));

    @Test
    void aConsumerGroupSurvivesItsByteFormAndIsStoredUnderItsGroupsKey() {
        SimpleRecord encoded = GroupRecordCodec.encode(CONSUMER_GROUP, 1000);
        assertThat(GroupRecordCodec.decode(stored(encoded))).isEqualTo(CONSUMER_GROUP);
        SimpleRecord classicTombstone = GroupRecordCodec.encode(
                new GroupRecord.Metadata("payments", null, 0, null, null, 0, null), 1000);
        assertThat(encoded.key()).as("one key per group: a later record of either kind replaces it")
                .isEqualTo(classicTombstone.key());
    }

    @Test
    void aGroupValueOfANewerVersionIsRefused() {
        SimpleRecord encoded = GroupRecordCodec.encode(CONSUMER_GROUP, 1000);
        ByteBuffer value = ByteBuffer.allocate(encoded.value().remaining()).put(encoded.value().duplicate());
        value.putShort(0, (short) 2).rewind();
        SimpleRecord newer = new SimpleRecord(1000, encoded.key().duplicate(), value);
        assertThatThrownBy(() -> GroupRecordCodec.decode(stored(newer))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("value version 2, this broker reads up to 1");
    }

    @Test
    void anUnknownKeyTypeIsRefused() {
        SimpleRecord encoded = GroupRecordCodec.encode(COMMIT, 1000);
        ByteBuffer key = ByteBuffer.allocate(encoded.key().remaining()).put(encoded.key().duplicate());
        key.putShort(0, (short) 9).rewind();
        SimpleRecord unknown = new SimpleRecord(1000, key, encoded.value().duplicate());
        assertThatThrownBy(() -> GroupRecordCodec.decode(stored(unknown))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key type 9");
    }

    private static Record stored(SimpleRecord record) {
        return MemoryRecords.withRecords(Compression.NONE, record).records().iterator().next();
    }
}
