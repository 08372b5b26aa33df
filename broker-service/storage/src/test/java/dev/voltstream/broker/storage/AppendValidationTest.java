package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnsupportedForMessageFormatException;
import org.apache.kafka.common.record.DefaultRecordBatch;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.utils.Crc32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** appendAsLeader rejects bad batches with Kafka's exceptions and writes nothing of the request. */
class AppendValidationTest {
    @TempDir
    Path dir;
    private PartitionLog log;

    @BeforeEach
    void open() throws IOException {
        log = PartitionLog.open(dir.resolve("t-0"), new TopicPartition("t", 0),
                LogConfig.defaults().withOverrides(Map.of("max.message.bytes", "2000")), new ManualTime(1L));
        log.appendAsLeader(TestBatches.batch(1, 1L), 0);
    }

    @AfterEach
    void close() throws IOException {
        log.close();
    }

    @Test
    void aBatchWithABadCrcAppendsNothingOfTheRequest() {
        MemoryRecords good = TestBatches.batch(2, 1L);
        MemoryRecords bad = TestBatches.batch(2, 1L);
        bad.buffer().put(bad.sizeInBytes() - 1, (byte) 0x7f);
        MemoryRecords request = concat(good, bad);

        assertThatThrownBy(() -> log.appendAsLeader(request, 0)).isInstanceOf(CorruptRecordException.class);

        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void oldMessageFormatsAreRejected() {
        MemoryRecords v1 = MemoryRecords.withRecords(RecordBatch.MAGIC_VALUE_V1, Compression.NONE,
                new SimpleRecord(1L, "k".getBytes(), "v".getBytes()));

        assertThatThrownBy(() -> log.appendAsLeader(v1, 0)).isInstanceOf(UnsupportedForMessageFormatException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void aBatchLargerThanMaxMessageBytesIsRejected() {
        assertThatThrownBy(() -> log.appendAsLeader(TestBatches.batch(1, 1L, 3000), 0))
                .isInstanceOf(RecordTooLargeException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseLastOffsetDeltaDisagreesWithItsCountIsRejected() {
        MemoryRecords batch = TestBatches.batch(3, 1L);
        ByteBuffer buffer = batch.buffer();
        buffer.putInt(DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET, 5);
        int attributesOffset = 21;
        buffer.putInt(DefaultRecordBatch.CRC_OFFSET,
                (int) Crc32C.compute(buffer, attributesOffset, buffer.limit() - attributesOffset));

        assertThatThrownBy(() -> log.appendAsLeader(batch, 0)).isInstanceOf(InvalidRecordException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void clientsMayNotAppendControlBatches() {
        MemoryRecords marker = MemoryRecords.withEndTransactionMarker(0L, 1L, 0, 9L, (short) 0,
                new org.apache.kafka.common.record.EndTransactionMarker(
                        org.apache.kafka.common.record.ControlRecordType.COMMIT, 0));

        assertThatThrownBy(() -> log.appendAsLeader(marker, 0)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("control batches");
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void trailingBytesThatAreNotAWholeBatchAreCorrupt() {
        MemoryRecords batch = TestBatches.batch(2, 1L);
        ByteBuffer withTail = ByteBuffer.allocate(batch.sizeInBytes() + 20);
        withTail.put(batch.buffer()).putInt(100).flip();
        withTail.limit(withTail.capacity());

        assertThatThrownBy(() -> log.appendAsLeader(MemoryRecords.readableRecords(withTail), 0))
                .isInstanceOf(CorruptRecordException.class);
        assertThat(log.logEndOffset()).isEqualTo(1);
    }

    @Test
    void aReadOnlyRequestBufferIsCopiedNotRewritten() throws IOException {
        MemoryRecords batch = TestBatches.batch(2, 1L);
        MemoryRecords readOnly = MemoryRecords.readableRecords(batch.buffer().asReadOnlyBuffer());

        assertThat(log.appendAsLeader(readOnly, 4).firstOffset()).isEqualTo(1);
        assertThat(TestBatches.offsetsOf(log.read(1, 1000, Long.MAX_VALUE, true).records())).containsExactly(1L, 2L);
    }

    private static MemoryRecords concat(MemoryRecords a, MemoryRecords b) {
        ByteBuffer buffer = ByteBuffer.allocate(a.sizeInBytes() + b.sizeInBytes());
        buffer.put(a.buffer()).put(b.buffer()).flip();
        return MemoryRecords.readableRecords(buffer);
    }
}
