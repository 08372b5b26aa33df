package dev.voltstream.broker.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.apache.kafka.common.TopicPartition;
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
