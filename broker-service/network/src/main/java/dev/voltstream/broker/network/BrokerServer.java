package dev.voltstream.broker.network;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.network.internal.ConnectionLimiter;
import dev.voltstream.broker.network.internal.FrameTooLargeException;
import dev.voltstream.broker.network.internal.KafkaFrameDecoder;
import dev.voltstream.broker.network.internal.MalformedRequestException;
import dev.voltstream.broker.network.internal.ReadGate;
import dev.voltstream.broker.network.internal.RequestChannelHandler;
import dev.voltstream.broker.network.internal.RequestDecoder;
import dev.voltstream.broker.network.internal.RequestMemoryPool;
import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.security.ListenerSecurity;
import dev.voltstream.broker.security.SaslSessions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Kafka listener: a Netty server whose pipeline is {@code idle → connections → [tls] → readGate →
 * frameDecoder → requestDecoder → [authentication] → requests → errors}, bounded by {@link NetworkLimits}. Uses epoll
 * where available (sendfile for fetches on listeners without TLS), NIO elsewhere.
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

    private final EventLoopGroup acceptors;
    private final EventLoopGroup ioLoops;
    private final Channel serverChannel;
    private final RequestMemoryPool memory;
    private final ConnectionLimiter connections;

    private BrokerServer(EventLoopGroup acceptors, EventLoopGroup ioLoops, Channel serverChannel,
                         RequestMemoryPool memory, ConnectionLimiter connections) {
        this.acceptors = acceptors;
        this.ioLoops = ioLoops;
        this.serverChannel = serverChannel;
        this.memory = memory;
        this.connections = connections;
    }

    public static BrokerServer start(Listener listener, int networkThreads, NetworkLimits limits,
                                     ApiVersionTable versions, RequestProcessor processor, Executor workers)
            throws InterruptedException {
        return start(listener, ListenerSecurity.plaintext(listener.name()), new SaslSessions(), networkThreads,
                limits, versions, processor, workers);
    }

    /**
     * A listener secured as {@code security} says: TLS first in the pipeline when it speaks SSL or SASL_SSL, and the
     * {@link AuthenticationGate} after the request decoder unless it is PLAINTEXT.
     */
    public static BrokerServer start(Listener listener, ListenerSecurity security, SaslSessions sessions,
                                     int networkThreads, NetworkLimits limits, ApiVersionTable versions,
                                     RequestProcessor processor, Executor workers) throws InterruptedException {
        ConnectionLimiter connections = new ConnectionLimiter(limits);
        RequestMemoryPool memory = new RequestMemoryPool(limits.queuedMaxRequestBytes());
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup acceptors = epoll ? new EpollEventLoopGroup(1, new DefaultThreadFactory("kafka-acceptor"))
                : new NioEventLoopGroup(1, new DefaultThreadFactory("kafka-acceptor"));
        EventLoopGroup ioLoops = epoll ? new EpollEventLoopGroup(networkThreads, new DefaultThreadFactory("kafka-network"))
                : new NioEventLoopGroup(networkThreads, new DefaultThreadFactory("kafka-network"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, ioLoops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 512)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (limits.idleMs() > 0) {
                            // its events travel towards the tail: the limiter after it closes the connection
                            ch.pipeline().addLast("idle",
                                    new IdleStateHandler(0, 0, limits.idleMs(), TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast("connections", connections);
                        if (security.usesTls()) {
                            ch.pipeline().addLast("tls", security.tls().newHandler(ch.alloc()))
                                    .addLast("fileRegions", new FileRegionReader());
                        }
                        ch.pipeline()
                                .addLast("readGate", ReadGate.INSTANCE)
                                .addLast("frameDecoder", new KafkaFrameDecoder(limits.maxFrameBytes(),
                                        limits.maxNonProduceFrameBytes(), memory,
                                        limits.partialRequestTimeoutMs()))
                                .addLast("requestDecoder", new RequestDecoder(versions, listener.name(),
                                        security.protocol(), limits.maxParsedBytes()));
                        if (security.protocol() != SecurityProtocol.PLAINTEXT) {
                            ch.pipeline().addLast("authentication", new AuthenticationGate(security, sessions));
                        }
                        ch.pipeline()
                                .addLast("requests", new RequestChannelHandler(processor, workers,
                                        limits.maxInFlightPerConnection()))
                                .addLast("errors", new ConnectionErrorHandler());
                    }
                });
        String host = listener.host().isEmpty() ? "0.0.0.0" : listener.host();
        try {
            Channel channel = bootstrap.bind(new InetSocketAddress(host, listener.port())).sync().channel();
            LOG.info("Listening on {} for {} ({}, {})", channel.localAddress(), listener.name(), security.protocol(),
                    epoll ? "epoll" : "nio");
            return new BrokerServer(acceptors, ioLoops, channel, memory, connections);
        } catch (RuntimeException | InterruptedException e) {
            acceptors.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            ioLoops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Bytes of requests read and not yet answered ({@code queued.max.request.bytes} is their bound). */
    public long queuedRequestBytes() {
        return memory.used();
    }

    /** Client connections open now. */
    public int openConnections() {
        return connections.open();
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        ioLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Logs in one line why a connection is being closed (oversized frame, malformed request) and closes it. What a
     * client sent is never worth a stack trace; the reason the parser gave is kept in the line.
     */
    private static final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause.getCause() instanceof MalformedRequestException m ? m : cause;
            if (root instanceof java.io.IOException) {
                LOG.debug("Connection {} closed: {}", ctx.channel().remoteAddress(), root.toString());
            } else if (root instanceof MalformedRequestException || root instanceof FrameTooLargeException) {
                String detail = root.getCause() == null ? "" : " (" + root.getCause().getMessage() + ")";
                RejectionLog.shared().reject(root instanceof FrameTooLargeException ? "frame too large"
                        : "malformed request", "Closing connection " + ctx.channel().remoteAddress() + ": "
                        + root.getMessage() + detail);
            } else {
                RejectionLog.shared().failure("connection error", "Closing connection "
                        + ctx.channel().remoteAddress() + ": " + root, root);
            }
            ctx.close();
        }
    }
}
