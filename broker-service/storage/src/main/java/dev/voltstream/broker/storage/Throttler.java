package dev.voltstream.broker.storage;

import org.apache.kafka.common.utils.Time;

/**
 * Keeps the cleaner's I/O under {@code log.cleaner.io.max.bytes.per.second} (shared by all cleaner threads), as
 * Kafka's Throttler: every 300 ms window it sleeps long enough to bring the observed rate down to the target.
 */
final class Throttler {
    private static final long CHECK_INTERVAL_MS = 300;

    private volatile double bytesPerSecond;
    private final Time time;
    private long periodStartNs;
    private double observedSoFar;

    Throttler(double bytesPerSecond, Time time) {
        this.bytesPerSecond = bytesPerSecond;
        this.time = time;
        this.periodStartNs = time.nanoseconds();
    }

    /** Changes the target rate ({@code log.cleaner.io.max.bytes.per.second} changed at runtime); from the next window on. */
    void bytesPerSecond(double rate) {
        this.bytesPerSecond = rate;
    }

    double bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Counts {@code bytes} of I/O and sleeps when the window's rate is above the target. */
    synchronized void maybeThrottle(double bytes) throws InterruptedException {
        double target = bytesPerSecond;
        if (target >= Double.MAX_VALUE / 2) {
            return;
        }
        observedSoFar += bytes;
        long now = time.nanoseconds();
        long elapsedNs = now - periodStartNs;
        if (elapsedNs > CHECK_INTERVAL_MS * 1_000_000L) {
            double rate = observedSoFar * 1_000_000_000.0 / elapsedNs;
            if (rate > target) {
                long desiredMs = (long) (observedSoFar / target * 1000);
                long sleepMs = desiredMs - elapsedNs / 1_000_000L;
                if (sleepMs > 0) {
                    wait(sleepMs); // releases the monitor so other threads can count meanwhile
                }
            }
            periodStartNs = time.nanoseconds();
            observedSoFar = 0;
        }
    }
}
