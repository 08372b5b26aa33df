package dev.voltstream.broker.network;

import java.nio.channels.FileChannel;

import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.RecordsSend;

/**
 * Records that stay in a segment file: the response writer sends them with sendfile (a Netty file region) instead of
 * copying them through the heap.
 */
public final class FileSliceRecords implements BaseRecords {
    private final BaseRecords records;
    private final FileChannel channel;
    private final long position;
    private final int size;

    public FileSliceRecords(BaseRecords records, FileChannel channel, long position, int size) {
        this.records = records;
        this.channel = channel;
        this.position = position;
        this.size = size;
    }

    public FileChannel channel() {
        return channel;
    }

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
