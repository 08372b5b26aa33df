package dev.voltstream.broker.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A cumulative histogram with fixed buckets, in the shape Prometheus expects ({@code le} upper bounds, a count and a
 * sum). Fixed buckets keep {@link #record(long)} to a short scan and one {@link LongAdder} increment, cheap enough for
 * every request; exact percentiles are left to the query side ({@code histogram_quantile}).
 */
public final class LatencyHistogram {
    /** Upper bounds in seconds: 100 µs to 10 s, roughly 1-2.5-5 steps (Kafka's request times span that range). */
    public static final double[] BOUNDS_SECONDS = {
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    /** One adder per bucket (not cumulative) plus the overflow bucket at the end. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void record(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(Math.max(0, nanos));
    }

    /** Cumulative counts: element i counts observations ≤ {@code BOUNDS_SECONDS[i]}; the last element is the total. */
    public long[] cumulativeCounts() {
        long[] counts = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            counts[i] = running;
        }
        return counts;
    }

    public long count() {
        long total = 0;
        for (LongAdder bucket : buckets) {
            total += bucket.sum();
        }
        return total;
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
