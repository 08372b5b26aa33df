package dev.voltstream.broker.protocol;

import org.apache.kafka.common.requests.AbstractRequest;

import io.netty.buffer.ByteBuf;

/**
 * A decoded request. {@code body} may reference bytes of {@code frame} (Produce records are slices of it), so the frame
 * is released only once the request has been handled ({@link #release()}). {@code body} is null when the API version
 * is not supported and the request must be answered without parsing (ApiVersions).
 */
public record KafkaRequest(RequestContext context, AbstractRequest body, ByteBuf frame) {

    public boolean release() {
        return frame != null && frame.refCnt() > 0 && frame.release();
    }
}
