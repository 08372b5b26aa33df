package dev.voltstream.broker.network;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.kafka.common.protocol.ApiMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.protocol.RequestContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Per connection: hands each request to the processor on the worker pool (one at a time, in arrival order) and
 * writes the responses in request order, however their handling interleaves. Stops reading from a client that has
 * too many requests in flight until it has caught up.
 */
public final class RequestChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestChannelHandler.class);
    private static final int MAX_IN_FLIGHT = 64;

    private final RequestProcessor processor;
    private final SerialExecutor serial;
    /** Pending responses in request order; touched only on the channel's event loop. */
    private final ArrayDeque<CompletableFuture<List<Object>>> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;

    public RequestChannelHandler(RequestProcessor processor, Executor workers) {
        this.processor = processor;
        this.serial = new SerialExecutor(workers);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        KafkaRequest request = (KafkaRequest) msg;
        CompletableFuture<List<Object>> slot = new CompletableFuture<>();
        pending.add(slot);
        if (pending.size() >= MAX_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        serial.execute(() -> handle(request, slot));
    }

    private void handle(KafkaRequest request, CompletableFuture<List<Object>> slot) {
        CompletionStage<ApiMessage> stage;
        try {
            stage = processor.process(request);
        } catch (Throwable t) {
            stage = CompletableFuture.failedFuture(t);
        }
        stage.whenComplete((body, error) -> {
            try {
                slot.complete(error == null ? encode(request, body) : encodeError(request, unwrap(error)));
            } catch (Throwable t) {
                slot.completeExceptionally(t);
            } finally {
                request.release();
                ctx.executor().execute(this::flushCompleted);
            }
        });
    }

    private List<Object> encode(KafkaRequest request, ApiMessage body) {
        if (body == null) {
            return List.of();
        }
        RequestContext context = request.context();
        boolean fallback = request.body() == null;
        short version = fallback ? 0 : context.apiVersion();
        short headerVersion = fallback ? 0 : context.apiKey().responseHeaderVersion(version);
        return ResponseSerializer.serialize(ctx.alloc(), context.header().correlationId(), headerVersion, body, version);
    }

    private List<Object> encodeError(KafkaRequest request, Throwable error) {
        if (error instanceof CloseConnectionException || request.body() == null) {
            throw error instanceof RuntimeException r ? r : new CompletionException(error);
        }
        RequestContext context = request.context();
        LOG.warn("{} v{} from client '{}' failed: {}", context.apiKey(), context.apiVersion(), context.clientId(),
                error.toString(), error);
        return encode(request, request.body().getErrorResponse(0, error).data());
    }

    private void flushCompleted() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().isDone()) {
            CompletableFuture<List<Object>> done = pending.poll();
            List<Object> parts;
            try {
                parts = done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof CloseConnectionException) {
                    LOG.info("Closing connection {}: {}", ctx.channel().remoteAddress(), e.getCause().getMessage());
                } else {
                    LOG.error("Closing connection {}: cannot answer a request", ctx.channel().remoteAddress(),
                            e.getCause());
                }
                releaseAll();
                ctx.close();
                return;
            }
            for (Object part : parts) {
                ctx.write(part, ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (!ctx.channel().config().isAutoRead() && pending.size() < MAX_IN_FLIGHT / 2) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void releaseAll() {
        for (CompletableFuture<List<Object>> slot : pending) {
            slot.thenAccept(parts -> parts.forEach(io.netty.util.ReferenceCountUtil::release));
        }
        pending.clear();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseAll();
        ctx.fireChannelInactive();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }
}
