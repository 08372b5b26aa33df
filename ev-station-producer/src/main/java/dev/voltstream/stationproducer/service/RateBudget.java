package dev.voltstream.stationproducer.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How many events are due at a tick, for a target rate: elapsed time × rate, carrying the fraction to the next tick.
 * A long pause (a stalled tick, a GC) is capped at one second's worth, so the simulation never bursts to catch up.
 * Thread-safe.
 */
public final class RateBudget {
    private static final double MAX_CATCH_UP_SECONDS = 1.0;

    private double perSecond;
    private Instant last;
    private double carry;

    public RateBudget(double perSecond) {
        rate(perSecond);
    }

    /** Changes the target rate (events per second, positive and finite). */
    public synchronized void rate(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    public synchronized double rate() {
        return perSecond;
    }

    /** Forget the last tick: the next {@link #take} starts counting from its own instant. */
    public synchronized void restart() {
        last = null;
        carry = 0;
    }

    /** The number of events due at {@code now} since the previous call. */
    public synchronized int take(Instant now) {
        if (last == null || now.isBefore(last)) {
            last = now;
            return 0;
        }
        double seconds = Math.min(MAX_CATCH_UP_SECONDS, Duration.between(last, now).toNanos() / 1e9);
        last = now;
        carry += seconds * perSecond;
        // The epsilon keeps binary rounding (0.1 s x 100 = 9.999...) from losing an event.
        int due = (int) (carry + 1e-9);
        carry -= due;
        return due;
    }
}
