package dev.voltstream.broker.storage;

import java.nio.channels.FileChannel;

import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Records;
import org.apache.kafka.common.record.RecordsSend;

/**
 * Whole batches read from a log that stay where they are in the segment file. A handler puts the slice into its
 * response as it is; the network layer sends the bytes with sendfile ({@link #fileChannel()}, {@link #position()})
 * instead of copying them through the heap. Whoever needs to look at the batches (replication, tests, coordinators
 * replaying their log) iterates {@link #records()}.
 */
public final class SegmentSlice implements BaseRecords {
    static final SegmentSlice EMPTY = new SegmentSlice(MemoryRecords.EMPTY, null, 0, 0);

    private final Records records;
    private final FileChannel channel;
    private final long position;
    private final int size;

    /** {@code size} bytes at {@code position} of {@code channel}, which {@code records} (a file slice) reads. */
    public SegmentSlice(Records records, FileChannel channel, long position, int size) {
        this.records = records;
        this.channel = channel;
        this.position = position;
        this.size = size;
    }

    /** The batches, to iterate. */
    public Records records() {
        return records;
    }

    /** True when the bytes are in a file and can be sent zero-copy; false for an empty slice. */
    public boolean inFile() {
        return channel != null && size > 0;
    }

    /** The segment file's channel, for the network layer's file region only. */
    public FileChannel fileChannel() {
        return channel;
    }

    /** Where the bytes start in {@link #fileChannel()}. */
    public long position() {
        return position;
    }

    @Override
    public int sizeInBytes() {
        return size;
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        return records.toSend();
    }
}
