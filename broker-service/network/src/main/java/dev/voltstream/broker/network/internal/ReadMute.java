package dev.voltstream.broker.network.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Stops and resumes reading a connection for independent reasons (too many requests in flight on it, the broker's
 * request memory used up): it is read again only when no reason remains. Touched only on the channel's event loop.
 */
final class ReadMute {
    /** Why a connection is not being read. */
    enum Reason { IN_FLIGHT, MEMORY, THROTTLE }

    private static final AttributeKey<int[]> REASONS = AttributeKey.valueOf("voltstream.readMute");

    private ReadMute() {
    }

    static void mute(Channel channel, Reason reason) {
        int[] reasons = reasons(channel);
        reasons[0] |= 1 << reason.ordinal();
        channel.config().setAutoRead(false);
    }

    /**
     * Lifts one reason; with none left the connection is read again, and the frames it had already sent (buffered
     * in the frame decoder while muted) are decoded at once rather than after the client's next bytes.
     */
    static void unmute(Channel channel, Reason reason) {
        int[] reasons = reasons(channel);
        int bit = 1 << reason.ordinal();
        if ((reasons[0] & bit) == 0) {
            return;
        }
        reasons[0] &= ~bit;
        if (reasons[0] == 0 && channel.isActive()) {
            channel.config().setAutoRead(true);
            channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        }
    }

    static boolean isMuted(Channel channel) {
        return reasons(channel)[0] != 0;
    }

    static boolean isMuted(Channel channel, Reason reason) {
        return (reasons(channel)[0] & 1 << reason.ordinal()) != 0;
    }

    private static int[] reasons(Channel channel) {
        int[] reasons = channel.attr(REASONS).get();
        if (reasons == null) {
            reasons = new int[1];
            channel.attr(REASONS).set(reasons);
        }
        return reasons;
    }
}
