package dev.voltstream.broker.network.internal;

import java.util.ArrayDeque;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * One connection's share of the {@link RequestMemoryPool}: the sizes of frames decoded but not yet claimed by a
 * request, and the total it holds. A request returns its frame's bytes when its response is written; whatever is
 * left when the connection closes is returned at once. Touched only on the channel's event loop.
 */
final class FrameBudget {
    private static final AttributeKey<FrameBudget> KEY = AttributeKey.valueOf("voltstream.frameBudget");

    private final RequestMemoryPool pool;
    private final ArrayDeque<Integer> unclaimed = new ArrayDeque<>();
    private long held;

    private FrameBudget(RequestMemoryPool pool) {
        this.pool = pool;
    }

    static FrameBudget attach(Channel channel, RequestMemoryPool pool) {
        FrameBudget budget = new FrameBudget(pool);
        channel.attr(KEY).set(budget);
        return budget;
    }

    /** The channel's budget, or null if its pipeline has no frame decoder (tests of a single handler). */
    static FrameBudget of(Channel channel) {
        return channel.attr(KEY).get();
    }

    RequestMemoryPool pool() {
        return pool;
    }

    /** A frame of {@code bytes} whose reservation succeeded. */
    void reserved(int bytes) {
        held += bytes;
        unclaimed.add(bytes);
    }

    /**
     * The next frame to be claimed parsed into {@code bytes} of objects: they are held (and charged to the pool, even
     * beyond its capacity, since they exist already) until that request's response is written, so that the pool
     * mutes the connections while parsed requests take the memory.
     */
    void parsed(long bytes) {
        Integer frame = unclaimed.peekFirst();
        if (frame == null || bytes <= 0) {
            return;
        }
        unclaimed.pollFirst();
        int charged = (int) Math.min(bytes, Integer.MAX_VALUE - frame);
        unclaimed.addFirst(frame + charged);
        held += charged;
        pool.forceReserve(charged);
    }

    /** The size of the next decoded frame and its parsed objects, taken by the request made from it. */
    int claim() {
        Integer bytes = unclaimed.poll();
        return bytes == null ? 0 : bytes;
    }

    /** A request's response went out (or was dropped): its frame's bytes go back to the pool. */
    void release(int bytes) {
        long returned = Math.min(bytes, held);
        held -= returned;
        pool.release(returned);
    }

    /** The connection closed: everything it held goes back. */
    void releaseAll() {
        unclaimed.clear();
        long returned = held;
        held = 0;
        pool.release(returned);
    }
}
