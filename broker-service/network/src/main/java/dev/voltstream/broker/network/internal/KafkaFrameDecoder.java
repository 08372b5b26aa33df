package dev.voltstream.broker.network.internal;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.network.PreAuthenticationLimit;
import dev.voltstream.broker.network.RejectionLog;
import dev.voltstream.broker.security.SaslSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Splits the byte stream into Kafka request frames: a 4-byte big-endian size followed by that many bytes. Emits a
 * retained slice of exactly one frame body. A frame larger than {@code socket.request.max.bytes} (or negative) is
 * rejected with {@link FrameTooLargeException} before any of it is buffered, and so is a frame of any API but Produce
 * above {@code non.produce.request.max.bytes}, and any frame above 512 KiB on a SASL connection that has not
 * authenticated yet ({@link PreAuthenticationLimit}). Before a frame's body is buffered its
 * size is reserved from the {@link RequestMemoryPool}; without memory the connection is muted until some returns.
 * A frame begun and not finished within {@code socket.partial.request.timeout.ms} closes the connection (a client
 * that sends half a request and stalls holds a reservation and a buffer). While the connection is muted (too many
 * requests in flight, no memory) no further frame is emitted: the rest waits in the buffer.
 */
public final class KafkaFrameDecoder extends ByteToMessageDecoder {
    private static final short PRODUCE = 0;
    private final int maxFrameBytes;
    private final int maxNonProduceFrameBytes;
    private final RequestMemoryPool pool;
    private final long partialTimeoutMs;
    private FrameBudget budget;
    /** The frame whose size is reserved but whose body is still arriving (-1: none). */
    private int reservedFrame = -1;
    private long framesDone;
    private ScheduledFuture<?> stallCheck;

    public KafkaFrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, maxFrameBytes, new RequestMemoryPool(-1), 0);
    }

    public KafkaFrameDecoder(int maxFrameBytes, int maxNonProduceFrameBytes, RequestMemoryPool pool, long partialTimeoutMs) {
        this.maxFrameBytes = maxFrameBytes;
        this.maxNonProduceFrameBytes = maxNonProduceFrameBytes;
        this.pool = pool;
        this.partialTimeoutMs = partialTimeoutMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        budget = FrameBudget.attach(ctx.channel(), pool);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (ReadMute.isMuted(ctx.channel()) || in.readableBytes() < 4) {
            watchForStall(ctx, in);
            return;
        }
        int size = in.getInt(in.readerIndex());
        if (size < 0 || size > maxFrameBytes) {
            in.skipBytes(in.readableBytes());
            throw new FrameTooLargeException(size, maxFrameBytes);
        }
        if (reservedFrame < 0 && size > SaslSession.MAX_TOKEN_BYTES) {
            try {
                PreAuthenticationLimit.check(ctx.channel(), size);
            } catch (FrameTooLargeException e) {
                in.skipBytes(in.readableBytes());
                throw e;
            }
        }
        if (size > maxNonProduceFrameBytes && reservedFrame < 0) {
            if (in.readableBytes() < 6) {
                watchForStall(ctx, in);
                return; // the API key decides which limit applies
            }
            short apiKey = in.getShort(in.readerIndex() + 4);
            if (apiKey != PRODUCE) {
                in.skipBytes(in.readableBytes());
                throw new FrameTooLargeException("Request frame of " + size + " bytes for API key " + apiKey
                        + " exceeds non.produce.request.max.bytes=" + maxNonProduceFrameBytes);
            }
        }
        if (reservedFrame < 0) {
            if (!pool.tryReserve(4L + size)) {
                ReadMute.mute(ctx.channel(), ReadMute.Reason.MEMORY);
                pool.await(ctx.channel());
                return;
            }
            reservedFrame = 4 + size;
        }
        if (in.readableBytes() < 4 + size) {
            watchForStall(ctx, in);
            return;
        }
        in.skipBytes(4);
        budget.reserved(reservedFrame);
        reservedFrame = -1;
        framesDone++;
        out.add(in.readRetainedSlice(size));
    }

    /** Bytes of an unfinished frame are buffered: the client has until the deadline to send the rest. */
    private void watchForStall(ChannelHandlerContext ctx, ByteBuf in) {
        if (partialTimeoutMs <= 0 || !in.isReadable() || stallCheck != null) {
            return;
        }
        long frameAtStart = framesDone;
        stallCheck = ctx.executor().schedule(() -> {
            stallCheck = null;
            ByteBuf buffered = internalBuffer();
            if (!ctx.channel().isActive() || !buffered.isReadable()) {
                return;
            }
            if (framesDone == frameAtStart && !ReadMute.isMuted(ctx.channel())) {
                RejectionLog.shared().reject("partial request timeout", "Closing connection "
                        + ctx.channel().remoteAddress() + ": a request frame was begun and not completed within "
                        + partialTimeoutMs + " ms (socket.partial.request.timeout.ms)");
                ctx.close();
            } else {
                watchForStall(ctx, buffered);
            }
        }, partialTimeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (stallCheck != null) {
            stallCheck.cancel(false);
        }
        if (reservedFrame >= 0) {
            pool.release(reservedFrame);
            reservedFrame = -1;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (reservedFrame >= 0) {
            pool.release(reservedFrame);
            reservedFrame = -1;
        }
        if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
        super.channelInactive(ctx);
    }
}
