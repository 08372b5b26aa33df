package dev.voltstream.broker.network;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Splits the byte stream into Kafka request frames: a 4-byte big-endian size followed by that many bytes. Emits a
 * retained slice of exactly one frame body. A frame larger than {@code socket.request.max.bytes} (or negative) is
 * rejected with {@link FrameTooLargeException} before any of it is buffered.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;

    public KafkaFrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int size = in.getInt(in.readerIndex());
            if (size < 0 || size > maxFrameBytes) {
                in.skipBytes(in.readableBytes());
                throw new FrameTooLargeException(size, maxFrameBytes);
            }
            if (in.readableBytes() < 4 + size) {
                return;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(size));
        }
    }
}
