package dev.voltstream.broker.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Time;

/**
 * A clock that moves only when a test calls {@link #advance}, and a scheduler on it: timers run in the test's thread,
 * inside {@code advance}, when their time has come. So a test checks timeouts, expiry and periodic work in
 * microseconds of real time, and a timer that should not have fired yet cannot fire behind its back.
 * {@link ScheduledExecutorService#execute} runs the task at once, in the caller's thread.
 */
public final class ManualClock implements Time {
    private final Scheduler scheduler = new Scheduler();
    private long nowMs;
    private long sequence;

    public ManualClock(long startMs) {
        this.nowMs = startMs;
    }

    /** Moves the clock forward by {@code ms}, running every timer due up to then in time order. */
    public void advance(long ms) {
        long target;
        synchronized (this) {
            target = nowMs + ms;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = scheduler.queue.peek();
                if (next == null || next.dueMs > target) {
                    nowMs = target;
                    return;
                }
                scheduler.queue.poll();
                nowMs = Math.max(nowMs, next.dueMs);
            }
            next.runOnce();
        }
    }

    /** The scheduler whose timers this clock drives. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Timers waiting to run (cancelled ones excluded). */
    public synchronized int pendingTimers() {
        return (int) scheduler.queue.stream().filter(t -> !t.isCancelled()).count();
    }

    @Override
    public synchronized long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return TimeUnit.MILLISECONDS.toNanos(milliseconds());
    }

    @Override
    public void sleep(long ms) {
        advance(ms);
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("ManualClock does not wait");
    }

    private final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
        private final long periodMs;
        private final long seq;
        private long dueMs;

        Task(Callable<Object> callable, long dueMs, long periodMs) {
            super(callable);
            this.dueMs = dueMs;
            this.periodMs = periodMs;
            synchronized (ManualClock.this) {
                this.seq = sequence++;
            }
        }

        void runOnce() {
            if (periodMs <= 0) {
                run();
            } else if (runAndReset()) {
                synchronized (ManualClock.this) {
                    dueMs = nowMs + periodMs;
                    scheduler.queue.add(this);
                }
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualClock.this) {
                return unit.convert(dueMs - nowMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            Task o = (Task) other;
            return dueMs != o.dueMs ? Long.compare(dueMs, o.dueMs) : Long.compare(seq, o.seq);
        }
    }

    private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
        final PriorityQueue<Task> queue = new PriorityQueue<>();
        private volatile boolean shutdown;

        private ScheduledFuture<?> add(Callable<Object> callable, long delay, long period, TimeUnit unit) {
            synchronized (ManualClock.this) {
                Task task = new Task(callable, nowMs + unit.toMillis(Math.max(0, delay)), unit.toMillis(period));
                queue.add(task);
                return task;
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return add(() -> {
                command.run();
                return null;
            }, delay, 0, unit);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return (ScheduledFuture<V>) add((Callable<Object>) callable, delay, 0, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                                                      TimeUnit unit) {
            return scheduleWithFixedDelay(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            return add(() -> {
                command.run();
                return null;
            }, initialDelay, Math.max(1, delay), unit);
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            synchronized (ManualClock.this) {
                List<Runnable> pending = new ArrayList<>(queue);
                queue.clear();
                return pending;
            }
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
