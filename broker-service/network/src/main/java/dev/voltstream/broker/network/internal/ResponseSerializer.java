package dev.voltstream.broker.network.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes a response frame (size, header, body) into pooled buffers, pre-sized from the message's own size
 * calculation. File-backed records become file regions in between, so a Fetch answer is sent zero-copy.
 */
public final class ResponseSerializer {
    private ResponseSerializer() {
    }

    /** The frame as an ordered list of {@link ByteBuf} and file-region parts, to be written in that order. */
    public static List<Object> serialize(ByteBufAllocator alloc, int correlationId, short headerVersion,
                                         ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator size = new MessageSizeAccumulator();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        header.addSize(size, cache, headerVersion);
        body.addSize(size, cache, version);

        List<Object> parts = new ArrayList<>(1);
        ByteBuf buf = alloc.ioBuffer(4 + size.sizeExcludingZeroCopy());
        int[] sliceStart = {0};
        ByteBufWritable writable = new ByteBufWritable(buf, file -> {
            parts.add(buf.retainedSlice(sliceStart[0], buf.writerIndex() - sliceStart[0]));
            parts.add(new SharedFileRegion(file.fileChannel(), file.position(), file.sizeInBytes()));
            sliceStart[0] = buf.writerIndex();
        });
        try {
            buf.writeInt(size.totalSize());
            header.write(writable, cache, headerVersion);
            body.write(writable, cache, version);
            if (parts.isEmpty()) {
                parts.add(buf.retain());
            } else if (buf.writerIndex() > sliceStart[0]) {
                parts.add(buf.retainedSlice(sliceStart[0], buf.writerIndex() - sliceStart[0]));
            }
            return parts;
        } finally {
            buf.release();
        }
    }
}
