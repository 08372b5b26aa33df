package dev.voltstream.broker.replica;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.TopicPartition;

/**
 * Long-poll fetches waiting for data: a fetch that found fewer than {@code min.bytes} waits here until enough bytes
 * are appended to its partitions or {@code max.wait.ms} passes, then reads again.
 */
public final class FetchPurgatory implements Partition.AppendListener {
    private final ConcurrentHashMap<TopicPartition, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public FetchPurgatory(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * Completes when {@code bytesNeeded} more bytes were appended to any of {@code partitions}, when
     * {@code alreadyChanged} says data arrived between the caller's read and this registration, or after
     * {@code maxWaitMs}.
     */
    public CompletableFuture<Void> await(Collection<TopicPartition> partitions, long maxWaitMs, int bytesNeeded,
                                         BooleanSupplier alreadyChanged) {
        Waiter waiter = new Waiter(Set.copyOf(partitions), Math.max(1, bytesNeeded));
        for (TopicPartition tp : waiter.partitions) {
            waiters.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        }
        waiter.timeout = timer.schedule(() -> complete(waiter), maxWaitMs, TimeUnit.MILLISECONDS);
        if (alreadyChanged.getAsBoolean()) {
            complete(waiter);
        }
        return waiter.future;
    }

    @Override
    public void onAppend(TopicPartition partition, int bytes) {
        Set<Waiter> set = waiters.get(partition);
        if (set == null) {
            return;
        }
        for (Waiter waiter : set) {
            if (waiter.bytes.addAndGet(bytes) >= waiter.bytesNeeded) {
                complete(waiter);
            }
        }
    }

    /** Number of fetches waiting (metrics, tests). */
    public int waiting() {
        return (int) waiters.values().stream().flatMap(Set::stream).distinct().count();
    }

    private void complete(Waiter waiter) {
        if (!waiter.future.isDone()) {
            for (TopicPartition tp : waiter.partitions) {
                waiters.computeIfPresent(tp, (k, set) -> {
                    set.remove(waiter);
                    return set.isEmpty() ? null : set;
                });
            }
            ScheduledFuture<?> timeout = waiter.timeout;
            if (timeout != null) {
                timeout.cancel(false);
            }
            waiter.future.complete(null);
        }
    }

    private static final class Waiter {
        final Set<TopicPartition> partitions;
        final int bytesNeeded;
        final AtomicLong bytes = new AtomicLong();
        final CompletableFuture<Void> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;

        Waiter(Set<TopicPartition> partitions, int bytesNeeded) {
            this.partitions = partitions;
            this.bytesNeeded = bytesNeeded;
        }
    }
}
