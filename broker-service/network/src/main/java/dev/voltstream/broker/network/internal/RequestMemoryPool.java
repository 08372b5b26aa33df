package dev.voltstream.broker.network.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;

/**
 * {@code queued.max.request.bytes}: the bytes of requests read and not yet answered, over all connections. A frame's
 * size is reserved when its 4-byte header arrives, before its body is buffered; while the pool is exhausted the
 * connection stops being read (muted, as Kafka's {@code SimpleMemoryPool} does) and is woken when memory returns.
 * Like Kafka's non-strict pool, a reservation succeeds while anything is left, so one frame larger than the pool
 * still gets through on an idle broker. A parsed request's objects are charged too, once parsed ({@link
 * #forceReserve}), and returned with its frame's bytes. A capacity of -1 (or 0) disables the pool.
 */
public final class RequestMemoryPool {
    private final long capacity;
    private final AtomicLong used = new AtomicLong();
    private final Queue<Channel> waiting = new ConcurrentLinkedQueue<>();

    public RequestMemoryPool(long capacity) {
        this.capacity = capacity;
    }

    /** Reserves {@code bytes} if any memory is left; otherwise the caller mutes itself and is woken later. */
    boolean tryReserve(long bytes) {
        if (capacity <= 0) {
            return true;
        }
        while (true) {
            long now = used.get();
            if (now >= capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Charges memory that is already taken (a parsed request), whether or not any is left. */
    void forceReserve(long bytes) {
        if (capacity > 0 && bytes > 0) {
            used.addAndGet(bytes);
        }
    }

    /** The connection, muted for memory, is woken (on its event loop) once bytes are released. */
    void await(Channel channel) {
        waiting.add(channel);
        if (used.get() < capacity) {
            wakeWaiting();
        }
    }

    void release(long bytes) {
        if (capacity <= 0 || bytes == 0) {
            return;
        }
        used.addAndGet(-bytes);
        wakeWaiting();
    }

    public long used() {
        return used.get();
    }

    private void wakeWaiting() {
        Channel channel;
        while (used.get() < capacity && (channel = waiting.poll()) != null) {
            Channel c = channel;
            c.eventLoop().execute(() -> ReadMute.unmute(c, ReadMute.Reason.MEMORY));
        }
    }
}
