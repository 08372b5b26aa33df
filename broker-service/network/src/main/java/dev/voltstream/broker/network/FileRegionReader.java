package dev.voltstream.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;

/**
 * On a TLS listener, turns the file regions of a Fetch response into buffers (the bytes must be encrypted, so
 * sendfile cannot carry them), read in chunks of at most {@value #CHUNK} bytes so a large fetch never needs one large
 * buffer.
 */
final class FileRegionReader extends ChannelOutboundHandlerAdapter {
    static final int CHUNK = 256 * 1024;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws IOException {
        if (!(msg instanceof FileRegion region)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            long done = 0;
            long count = region.count();
            while (done < count) {
                int chunk = (int) Math.min(CHUNK, count - done);
                ByteBuf buf = ctx.alloc().ioBuffer(chunk, chunk);
                try {
                    WritableByteChannel into = new Filling(buf);
                    while (buf.isWritable()) {
                        long n = region.transferTo(into, done);
                        if (n <= 0) {
                            throw new IOException("File region ended after " + done + " of " + count + " bytes");
                        }
                        done += n;
                    }
                } catch (IOException | RuntimeException e) {
                    buf.release();
                    throw e;
                }
                ctx.write(buf, done == count ? promise : ctx.voidPromise());
            }
            if (count == 0) {
                ctx.write(ctx.alloc().buffer(0), promise);
            }
        } finally {
            region.release();
        }
    }

    /** Takes bytes until its buffer is full, so the region's transfer stops there. */
    private record Filling(ByteBuf buf) implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), buf.writableBytes());
            ByteBuffer part = src.slice();
            part.limit(n);
            buf.writeBytes(part);
            src.position(src.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
