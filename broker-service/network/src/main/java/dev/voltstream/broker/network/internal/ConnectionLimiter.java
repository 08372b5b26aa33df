package dev.voltstream.broker.network.internal;

import dev.voltstream.broker.network.NetworkLimits;
import dev.voltstream.broker.network.RejectionLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Counts open connections, in total ({@code max.connections}) and per client address ({@code max.connections.per.ip}
 * with its overrides), and closes a new connection above either limit before it is read, as Kafka does for the
 * per-address limit. Also closes a connection idle for {@code connections.max.idle.ms} (Netty's idle-state events).
 * One instance is shared by every connection of a listener.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final NetworkLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    public ConnectionLimiter(NetworkLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        int total = open.incrementAndGet();
        int fromAddress = address == null ? 0 : byAddress.computeIfAbsent(address, a -> new AtomicInteger())
                .incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> release(address));
        if (total > limits.maxConnections()) {
            refuse(ctx, "too many connections", "the broker has " + (total - 1)
                    + " connections open (max.connections=" + limits.maxConnections() + ")");
            return;
        }
        int perAddress = limits.limitFor(address);
        if (address != null && fromAddress > perAddress) {
            refuse(ctx, "too many connections from one address", address.getHostAddress() + " has "
                    + (fromAddress - 1) + " connections open (max.connections.per.ip=" + perAddress + ")");
            return;
        }
        ctx.fireChannelActive();
    }

    private static void refuse(ChannelHandlerContext ctx, String cause, String reason) {
        RejectionLog.shared().reject(cause, "Refusing connection " + ctx.channel().remoteAddress() + ": " + reason);
        ctx.close();
    }

    private void release(InetAddress address) {
        open.decrementAndGet();
        if (address != null) {
            byAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() == 0 ? null : count);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            RejectionLog.shared().reject("idle connection", "Closing connection " + ctx.channel().remoteAddress()
                    + ": idle for " + limits.idleMs() + " ms (connections.max.idle.ms)");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Connections open now (tests and metrics). */
    public int open() {
        return open.get();
    }
}
