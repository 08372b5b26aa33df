package dev.voltstream.broker.rate;

/**
 * A rate per second over a sliding window of {@code samples} windows of {@code windowMs}, measured as Kafka 4.1's
 * {@code Rate} over a {@code WindowedSum} measures quotas (client quotas: {@code quota.window.num} 11 and
 * {@code quota.window.size.seconds} 1; replication quotas: {@code replication.quota.window.num} 11 and
 * {@code replication.quota.window.size.seconds} 1):
 * <ul>
 * <li>a sample starts with the first value recorded after the previous one has lasted {@code windowMs}, so samples
 * are not aligned to the clock;</li>
 * <li>one sample more than {@code samples} is kept, and a sample is dropped only once its <em>last</em> value is
 * {@code samples * windowMs} old, so a sample that began before the window but overlaps it still counts;</li>
 * <li>the rate is all the kept values over {@link #elapsedMs}: from the start of the oldest kept sample to now, at
 * least {@code samples - 1} full windows plus the current one's part.</li>
 * </ul>
 * Dropping a sample by its start (as an earlier version of this class did, and Kafka before 3.8) cuts a second of
 * time out of the window with only part of a second's values: the rate jumps at every sample boundary, and a client
 * throttled from it gets throttles it did not earn.
 * Not thread-safe: callers synchronise.
 */
public final class SampledRate {
    private final int samples;
    private final long windowMs;
    /** Kafka's {@code Sample}s: their value, start and last recording, {@code samples + 1} of them. */
    private final double[] values;
    private final long[] starts;
    private final long[] lastEvents;
    /** How many of the arrays' slots are in use (Kafka adds samples as it needs them). */
    private int used;
    private int current;

    public SampledRate(int samples, long windowMs) {
        this.samples = samples;
        this.windowMs = windowMs;
        this.values = new double[samples + 1];
        this.starts = new long[samples + 1];
        this.lastEvents = new long[samples + 1];
    }

    /** Records {@code value} at {@code now} (ms); returns the rate per second including it. */
    public double record(double value, long now) {
        if (used == 0) {
            reset(0, now);
            used = 1;
        } else if (now - starts[current] >= windowMs) {
            current = (current + 1) % values.length;
            if (current >= used) {
                used++;
            }
            reset(current, now);
        }
        values[current] += value;
        lastEvents[current] = now;
        return measure(now);
    }

    /** The rate per second at {@code now}: what the kept samples hold over {@link #elapsedMs}. */
    public double measure(long now) {
        purge(now);
        double total = 0;
        for (int i = 0; i < used; i++) {
            total += values[i];
        }
        return total * 1000.0 / elapsedMs(now);
    }

    /**
     * Kafka's {@code Rate.windowSize}: from the start of the oldest kept sample to now, plus the full windows missing
     * to make {@code samples - 1} (so a first burst is measured over the whole window, not over a few milliseconds),
     * at least 1 ms.
     */
    public long elapsedMs(long now) {
        purge(now);
        long oldest = now;
        for (int i = 0; i < used; i++) {
            oldest = Math.min(oldest, starts[i]);
        }
        long elapsed = now - oldest;
        long fullWindows = elapsed / windowMs;
        long minFullWindows = samples - 1;
        if (fullWindows < minFullWindows) {
            elapsed += (minFullWindows - fullWindows) * windowMs;
        }
        return Math.max(elapsed, 1);
    }

    /** The whole window: every sample together. */
    public long windowMs() {
        return samples * windowMs;
    }

    /** Kafka's {@code purgeObsoleteSamples}: a sample whose last value is a whole window old starts afresh now. */
    private void purge(long now) {
        long expireAge = samples * windowMs;
        for (int i = 0; i < used; i++) {
            if (now - lastEvents[i] >= expireAge) {
                reset(i, now);
            }
        }
    }

    private void reset(int sample, long now) {
        values[sample] = 0;
        starts[sample] = now;
        lastEvents[sample] = now;
    }
}
