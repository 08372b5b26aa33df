package dev.voltstream.broker.network;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.protocol.ApiVersionTable;
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
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The Kafka listener: a Netty server whose pipeline is {@code frameDecoder → requestDecoder → requests}. Uses epoll
 * where available (sendfile for fetches), NIO elsewhere.
 */
public final class BrokerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

    private final EventLoopGroup acceptors;
    private final EventLoopGroup ioLoops;
    private final Channel serverChannel;

    private BrokerServer(EventLoopGroup acceptors, EventLoopGroup ioLoops, Channel serverChannel) {
        this.acceptors = acceptors;
        this.ioLoops = ioLoops;
        this.serverChannel = serverChannel;
    }

    public static BrokerServer start(Listener listener, int networkThreads, int maxFrameBytes,
                                     ApiVersionTable versions, RequestProcessor processor, Executor workers)
            throws InterruptedException {
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
                        ch.pipeline()
                                .addLast("frameDecoder", new KafkaFrameDecoder(maxFrameBytes))
                                .addLast("requestDecoder", new RequestDecoder(versions, listener.name()))
                                .addLast("requests", new RequestChannelHandler(processor, workers))
                                .addLast("errors", new ConnectionErrorHandler());
                    }
                });
        String host = listener.host().isEmpty() ? "0.0.0.0" : listener.host();
        try {
            Channel channel = bootstrap.bind(new InetSocketAddress(host, listener.port())).sync().channel();
            LOG.info("Listening on {} ({})", channel.localAddress(), epoll ? "epoll" : "nio");
            return new BrokerServer(acceptors, ioLoops, channel);
        } catch (RuntimeException | InterruptedException e) {
            acceptors.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            ioLoops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
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

    /** Logs why a connection is being closed (oversized frame, malformed request, I/O error) and closes it. */
    private static final class ConnectionErrorHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause.getCause() instanceof MalformedRequestException m ? m : cause;
            if (root instanceof java.io.IOException) {
                LOG.debug("Connection {} closed: {}", ctx.channel().remoteAddress(), root.toString());
            } else {
                LOG.warn("Closing connection {}: {}", ctx.channel().remoteAddress(), root.getMessage(),
                        root.getCause());
            }
            ctx.close();
        }
    }
}
