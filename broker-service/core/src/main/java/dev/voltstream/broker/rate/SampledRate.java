package dev.voltstream.broker.rate;

import java.util.Arrays;

/**
 * A rate per second over a sliding window of {@code samples} windows of {@code windowMs}, measured as Kafka's
 * {@code Rate} measures quotas (client quotas: {@code quota.window.num} 11 and {@code quota.window.size.seconds} 1;
 * replication quotas: {@code replication.quota.window.num} 11 and {@code replication.quota.window.size.seconds} 1).
 * Not thread-safe: callers synchronise.
 */
public final class SampledRate {
    private final long windowMs;
    private final long[] values;
    private final long[] starts;
    private int current;

    public SampledRate(int samples, long windowMs) {
        this.windowMs = windowMs;
        this.values = new long[samples];
        this.starts = new long[samples];
        Arrays.fill(starts, -1);
    }

    /** Records {@code value} at {@code now} (ms); returns the rate per second including it. */
    public double record(long value, long now) {
        if (starts[current] < 0 || now - starts[current] >= windowMs) {
            current = (current + 1) % values.length;
            starts[current] = now;
            values[current] = 0;
        }
        values[current] += value;
        return measure(now);
    }

    /** The rate per second at {@code now}: what the live samples hold over {@link #elapsedMs}. */
    public double measure(long now) {
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            if (live(starts[i], now)) {
                total += values[i];
            }
        }
        return total * 1000.0 / elapsedMs(now);
    }

    /**
     * Kafka's {@code Rate.windowSize}: from the start of the oldest live sample to now, plus the full windows missing
     * to make all windows but one (so a first burst is measured over the whole window, not over a few milliseconds).
     */
    public long elapsedMs(long now) {
        long oldest = now;
        for (long start : starts) {
            if (live(start, now)) {
                oldest = Math.min(oldest, start);
            }
        }
        long elapsed = now - oldest;
        long fullWindows = elapsed / windowMs;
        long minFullWindows = starts.length - 1;
        return fullWindows < minFullWindows ? elapsed + (minFullWindows - fullWindows) * windowMs : elapsed;
    }

    /** The whole window: every sample together. */
    public long windowMs() {
        return (long) values.length * windowMs;
    }

    private boolean live(long start, long now) {
        return start >= 0 && now - start < (long) starts.length * windowMs;
    }
}
