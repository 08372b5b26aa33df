package dev.voltstream.broker.protocol;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.requests.AbstractRequest;

import io.netty.buffer.ByteBuf;

/**
 * A decoded request. {@code body} may reference bytes of {@code frame} (Produce records are slices of it), so the frame
 * is released only once the request has been handled ({@link #release()}). {@code body} is null when the API version
 * is not supported and the request must be answered without parsing (ApiVersions). {@code unansweredThrottleMs} is
 * how long to mute the connection after a request that gets no response (an acks=0 Produce) from a client over its
 * quota: such a client has no {@code throttle_time_ms} to back off by, so only the mute slows it (as in Kafka).
 */
public record KafkaRequest(RequestContext context, AbstractRequest body, ByteBuf frame,
                           AtomicInteger unansweredThrottleMs) {

    public KafkaRequest(RequestContext context, AbstractRequest body, ByteBuf frame) {
        this(context, body, frame, new AtomicInteger());
    }

    /** The same request as seen by {@code context} (e.g. with its authenticated principal). */
    public KafkaRequest withContext(RequestContext newContext) {
        return new KafkaRequest(newContext, body, frame, unansweredThrottleMs);
    }

    /** A request without a response whose client is over a quota: mute its connection at least {@code ms}. */
    public void throttleUnanswered(long ms) {
        unansweredThrottleMs.accumulateAndGet((int) Math.min(Integer.MAX_VALUE, ms), Math::max);
    }

    public boolean release() {
        return frame != null && frame.refCnt() > 0 && frame.release();
    }
}
