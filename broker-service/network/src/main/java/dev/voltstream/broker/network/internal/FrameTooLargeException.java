package dev.voltstream.broker.network.internal;

import io.netty.handler.codec.DecoderException;

/** A request frame announced a size above its limit ({@code socket.request.max.bytes}...); the connection is closed. */
public final class FrameTooLargeException extends DecoderException {
    public FrameTooLargeException(int size, int max) {
        this("Request frame of " + size + " bytes exceeds socket.request.max.bytes=" + max);
    }

    public FrameTooLargeException(String message) {
        super(message);
    }
}
