package dev.voltstream.broker.network.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;

import dev.voltstream.broker.storage.SegmentSlice;

import io.netty.buffer.ByteBuf;

/**
 * Kafka's {@link Writable} over a Netty {@link ByteBuf}, so generated messages serialize straight into the outbound
 * buffer. Records that stay in a segment file ({@link SegmentSlice}) are not copied: they are handed to
 * {@code fileRecordsSink} at their place in the byte stream.
 */
final class ByteBufWritable implements Writable {
    private final ByteBuf buf;
    private final Consumer<SegmentSlice> fileRecordsSink;

    ByteBufWritable(ByteBuf buf, Consumer<SegmentSlice> fileRecordsSink) {
        this.buf = buf;
        this.fileRecordsSink = fileRecordsSink;
    }

    @Override
    public void writeByte(byte val) {
        buf.writeByte(val);
    }

    @Override
    public void writeShort(short val) {
        buf.writeShort(val);
    }

    @Override
    public void writeInt(int val) {
        buf.writeInt(val);
    }

    @Override
    public void writeLong(long val) {
        buf.writeLong(val);
    }

    @Override
    public void writeDouble(double val) {
        buf.writeDouble(val);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        buf.writeBytes(arr);
    }

    @Override
    public void writeByteBuffer(ByteBuffer src) {
        buf.writeBytes(src.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int value) {
        int v = value;
        while ((v & 0xffffff80) != 0) {
            buf.writeByte((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buf.writeByte((byte) v);
    }

    @Override
    public void writeVarint(int value) {
        writeUnsignedVarint((value << 1) ^ (value >> 31));
    }

    @Override
    public void writeVarlong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xffffffffffffff80L) != 0L) {
            buf.writeByte((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        buf.writeByte((byte) v);
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof SegmentSlice slice) {
            if (slice.inFile()) {
                fileRecordsSink.accept(slice);
            } else {
                writeRecords(slice.records());
            }
        } else if (records instanceof MemoryRecords memory) {
            writeByteBuffer(memory.buffer());
        } else {
            throw new IllegalArgumentException("Unsupported records type " + records.getClass().getName());
        }
    }
}
