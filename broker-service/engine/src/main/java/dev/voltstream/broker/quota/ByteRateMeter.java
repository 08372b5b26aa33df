package dev.voltstream.broker.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes per second per client over a sliding window, as Kafka's quota sensors measure them: {@code samples} windows
 * of {@code windowMs} (Kafka's {@code quota.window.num} 11 and {@code quota.window.size.seconds} 1). When a client's
 * rate is above its quota, the throttle is Kafka's: {@code (rate - quota) / quota * window}, at most the whole
 * window, so that the client's rate over the window comes back to the quota.
 */
final class ByteRateMeter {
    private final int samples;
    private final long windowMs;
    private final Map<String, Rate> rates = new ConcurrentHashMap<>();
    /** Bounds the meters kept: clients that stopped are forgotten (their windows are long over anyway). */
    private static final int MAX_CLIENTS = 100_000;

    ByteRateMeter(int samples, long windowMs) {
        this.samples = samples;
        this.windowMs = windowMs;
    }

    /** Records {@code bytes} for {@code client} at {@code nowMs}; returns the throttle in ms (0 within quota). */
    long recordAndThrottle(String client, long bytes, double quota, long nowMs) {
        if (rates.size() > MAX_CLIENTS) {
            rates.clear();
        }
        Rate rate = rates.computeIfAbsent(client, c -> new Rate(samples));
        synchronized (rate) {
            double perSecond = rate.record(bytes, nowMs, windowMs);
            if (perSecond <= quota) {
                return 0;
            }
            long window = rate.elapsedMs(nowMs, windowMs);
            return Math.min((long) ((perSecond - quota) / quota * window), (long) samples * windowMs);
        }
    }

    private static final class Rate {
        private final long[] bytes;
        private final long[] starts;
        private int current;

        Rate(int samples) {
            bytes = new long[samples];
            starts = new long[samples];
            java.util.Arrays.fill(starts, -1);
        }

        double record(long value, long now, long windowMs) {
            if (starts[current] < 0 || now - starts[current] >= windowMs) {
                current = (current + 1) % bytes.length;
                starts[current] = now;
                bytes[current] = 0;
            }
            bytes[current] += value;
            long total = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (starts[i] >= 0 && now - starts[i] < (long) bytes.length * windowMs) {
                    total += bytes[i];
                }
            }
            return total * 1000.0 / elapsedMs(now, windowMs);
        }

        /**
         * Kafka's {@code Rate.windowSize}: from the start of the oldest live sample to now, plus the full windows
         * missing to make all windows but one.
         */
        long elapsedMs(long now, long windowMs) {
            long oldest = now;
            for (long start : starts) {
                if (start >= 0 && now - start < (long) starts.length * windowMs) {
                    oldest = Math.min(oldest, start);
                }
            }
            long elapsed = now - oldest;
            long fullWindows = elapsed / windowMs;
            long minFullWindows = starts.length - 1;
            return fullWindows < minFullWindows ? elapsed + (minFullWindows - fullWindows) * windowMs : elapsed;
        }
    }
}
