package dev.voltstream.broker.network.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.kafka.common.protocol.ApiMessage;

import dev.voltstream.broker.network.CloseConnectionException;
import dev.voltstream.broker.network.RejectionLog;
import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.network.SerialExecutor;
import dev.voltstream.broker.network.ThrottleTime;
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
    private static final RejectionLog REJECTIONS = RejectionLog.shared();
    /** The default cap on requests read from one connection and not yet answered. */
    static final int MAX_IN_FLIGHT = 64;

    /** A response to come, and the bytes of its request frame held in the memory pool until it is written. */
    private record Slot(CompletableFuture<List<Object>> response, int frameBytes) {
    }

    private final RequestProcessor processor;
    private final SerialExecutor serial;
    private final int maxInFlight;
    /** Pending responses in request order; touched only on the channel's event loop. */
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    /** Until when a client quota keeps this connection unread; touched only on the event loop. */
    private long throttledUntilNanos = System.nanoTime();
    private FrameBudget budget;

    public RequestChannelHandler(RequestProcessor processor, Executor workers) {
        this(processor, workers, MAX_IN_FLIGHT);
    }

    public RequestChannelHandler(RequestProcessor processor, Executor workers, int maxInFlight) {
        this.processor = processor;
        this.serial = new SerialExecutor(workers);
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.budget = FrameBudget.of(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        KafkaRequest request = (KafkaRequest) msg;
        CompletableFuture<List<Object>> slot = new CompletableFuture<>();
        pending.add(new Slot(slot, budget == null ? 0 : budget.claim()));
        if (pending.size() >= maxInFlight) {
            ReadMute.mute(ctx.channel(), ReadMute.Reason.IN_FLIGHT);
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
                long throttleMs = error != null ? 0
                        : body == null ? request.unansweredThrottleMs().get() : ThrottleTime.of(body);
                if (throttleMs > 0) {
                    ctx.executor().execute(() -> throttle(throttleMs));
                }
                slot.complete(error == null ? encode(request, body) : encodeError(request, unwrap(error)));
            } catch (Throwable t) {
                slot.completeExceptionally(t);
            } finally {
                request.release();
                ctx.executor().execute(this::flushCompleted);
            }
        });
    }

    /** A client over its quota: its connection is not read for the throttle time (Kafka mutes the channel). */
    private void throttle(long throttleMs) {
        long until = System.nanoTime() + throttleMs * 1_000_000;
        throttledUntilNanos = Math.max(throttledUntilNanos, until);
        ReadMute.mute(ctx.channel(), ReadMute.Reason.THROTTLE);
        ctx.executor().schedule(() -> {
            if (System.nanoTime() - throttledUntilNanos >= 0) {
                ReadMute.unmute(ctx.channel(), ReadMute.Reason.THROTTLE);
            }
        }, throttleMs, java.util.concurrent.TimeUnit.MILLISECONDS);
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
        String line = context.apiKey() + " v" + context.apiVersion() + " from " + ctx.channel().remoteAddress()
                + " (client '" + context.clientId() + "') failed: " + error;
        if (error instanceof org.apache.kafka.common.errors.ApiException) {
            REJECTIONS.reject("request failed", line);
        } else if (isShutdown(error)) {
            REJECTIONS.reject("broker stopping", line);
        } else {
            REJECTIONS.failure("request failed", line, error);
        }
        return encode(request, request.body().getErrorResponse(0, error).data());
    }

    /**
     * Whether {@code error} only says the broker is stopping (a pool that no longer takes work): expected while requests
     * are in flight at shutdown, so one line rather than a stack trace.
     */
    static boolean isShutdown(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    private void flushCompleted() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().response().isDone()) {
            Slot done = pending.poll();
            if (budget != null) {
                budget.release(done.frameBytes());
            }
            List<Object> parts;
            try {
                parts = done.response().join();
            } catch (CompletionException e) {
                String line = "Closing connection " + ctx.channel().remoteAddress() + ": ";
                if (e.getCause() instanceof CloseConnectionException) {
                    REJECTIONS.reject("closed by handler", line + e.getCause().getMessage());
                } else if (isShutdown(e)) {
                    REJECTIONS.reject("broker stopping", line + "the broker is stopping");
                } else {
                    REJECTIONS.failure("cannot answer", line + "cannot answer a request", e.getCause());
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
        if (pending.size() < maxInFlight / 2 && ReadMute.isMuted(ctx.channel(), ReadMute.Reason.IN_FLIGHT)) {
            ReadMute.unmute(ctx.channel(), ReadMute.Reason.IN_FLIGHT);
        }
    }

    private void releaseAll() {
        for (Slot slot : pending) {
            slot.response().thenAccept(parts -> parts.forEach(io.netty.util.ReferenceCountUtil::release));
        }
        pending.clear();
        if (budget != null) {
            budget.releaseAll();
        }
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
