package dev.voltstream.broker.network.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Drops read requests for a muted connection. Netty's {@code ByteToMessageDecoder} asks for another read when a read
 * produced no complete frame even with auto-read off; for a connection muted because the request memory is used up
 * that would keep buffering the client's bytes, which is what muting is meant to stop.
 */
@ChannelHandler.Sharable
public final class ReadGate extends ChannelOutboundHandlerAdapter {
    public static final ReadGate INSTANCE = new ReadGate();

    private ReadGate() {
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!ReadMute.isMuted(ctx.channel())) {
            ctx.read();
        }
    }
}
