package dev.voltstream.broker.quota;

import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The admin lane ({@code ApiDispatcher.ADMIN_LANE}: topic creations and deletions, config changes, ...) counted in
 * {@code request_percentage}: an executor around the lane that times each task it runs and hands the time to the
 * request quota of the client whose request submitted it. {@link QuotaProcessor} marks the request thread while it
 * hands a client's request to the handlers ({@link #countingFor}); a task submitted meanwhile is that client's.
 * Tasks submitted by anything else run untimed.
 */
public final class AdminLaneTime implements Executor {
    private static final ThreadLocal<LongConsumer> SUBMITTER = new ThreadLocal<>();

    private final Executor lane;
    private final LongSupplier nanoClock;

    public AdminLaneTime(Executor lane) {
        this(lane, System::nanoTime);
    }

    AdminLaneTime(Executor lane, LongSupplier nanoClock) {
        this.lane = lane;
        this.nanoClock = nanoClock;
    }

    @Override
    public void execute(Runnable task) {
        LongConsumer owner = SUBMITTER.get();
        if (owner == null) {
            lane.execute(task);
            return;
        }
        lane.execute(() -> {
            long start = nanoClock.getAsLong();
            try {
                task.run();
            } finally {
                owner.accept(nanoClock.getAsLong() - start);
            }
        });
    }

    /** Calls {@code call}; the lane tasks it submits report their nanoseconds to {@code owner}. */
    static <T> T countingFor(LongConsumer owner, Supplier<T> call) {
        LongConsumer previous = SUBMITTER.get();
        SUBMITTER.set(owner);
        try {
            return call.get();
        } finally {
            if (previous == null) {
                SUBMITTER.remove();
            } else {
                SUBMITTER.set(previous);
            }
        }
    }
}
