package dev.voltstream.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces sends evenly at a target rate and tells each send when it was <em>intended</em> to happen, so latency is
 * measured from the intended time (no coordinated omission: a stalled broker shows up as latency, not as a lower
 * rate). A rate of 0 means as fast as possible.
 */
final class RatePacer {
    private final long startNanos;
    private final double nanosPerRecord;

    RatePacer(double recordsPerSecond) {
        this.startNanos = System.nanoTime();
        this.nanosPerRecord = recordsPerSecond <= 0 ? 0 : 1e9 / recordsPerSecond;
    }

    /** Waits until record {@code index} is due and returns its intended send time (System.nanoTime()). */
    long awaitTurn(long index) {
        if (nanosPerRecord == 0) {
            return System.nanoTime();
        }
        long due = startNanos + (long) (index * nanosPerRecord);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, 1_000_000));
        }
        return due;
    }
}
