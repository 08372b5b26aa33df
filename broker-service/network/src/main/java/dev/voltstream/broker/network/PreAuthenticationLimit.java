package dev.voltstream.broker.network;

import java.util.function.BooleanSupplier;

import dev.voltstream.broker.network.internal.FrameTooLargeException;
import dev.voltstream.broker.security.SaslSession;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * On a SASL listener, a connection that has not authenticated may send frames of at most
 * {@value SaslSession#MAX_TOKEN_BYTES} bytes (Kafka's {@code sasl.server.max.receive.size}), so a stranger cannot make
 * the broker buffer a 100 MiB "Produce" before its first SaslHandshake; checked by the frame decoder from the size
 * field, before any of the frame is buffered.
 */
public final class PreAuthenticationLimit {
    private static final AttributeKey<BooleanSupplier> AUTHENTICATED =
            AttributeKey.valueOf(PreAuthenticationLimit.class, "authenticated");

    private PreAuthenticationLimit() {
    }

    /** Applies the limit to {@code channel} for as long as {@code authenticated} says false. */
    static void watch(Channel channel, BooleanSupplier authenticated) {
        channel.attr(AUTHENTICATED).set(authenticated);
    }

    public static void check(Channel channel, int frameSize) {
        BooleanSupplier authenticated = channel.attr(AUTHENTICATED).get();
        if (authenticated != null && frameSize > SaslSession.MAX_TOKEN_BYTES && !authenticated.getAsBoolean()) {
            throw new FrameTooLargeException("Request frame of " + frameSize + " bytes before SASL authentication "
                    + "exceeds sasl.server.max.receive.size=" + SaslSession.MAX_TOKEN_BYTES);
        }
    }
}
