package dev.voltstream.broker.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.voltstream.broker.rate.SampledRate;

/**
 * A value per second per client over a sliding window, as Kafka's quota sensors measure them: {@code samples} windows
 * of {@code windowMs} (Kafka's {@code quota.window.num} 11 and {@code quota.window.size.seconds} 1). When a client's
 * rate is above its quota, the throttle is Kafka's: {@code (rate - quota) / quota * window}, at most
 * {@code maxThrottleMs} (the whole window for byte rates, one sample window for request time), so that the client's
 * rate over the window comes back to the quota.
 */
final class ClientRateMeter {
    private final int samples;
    private final long windowMs;
    private final long maxThrottleMs;
    private final Map<String, SampledRate> rates = new ConcurrentHashMap<>();
    /** Bounds the meters kept: clients that stopped are forgotten (their windows are long over anyway). */
    private static final int MAX_CLIENTS = 100_000;

    /** A byte-rate meter: throttles of at most the whole window. */
    ClientRateMeter(int samples, long windowMs) {
        this(samples, windowMs, samples * windowMs);
    }

    ClientRateMeter(int samples, long windowMs, long maxThrottleMs) {
        this.samples = samples;
        this.windowMs = windowMs;
        this.maxThrottleMs = maxThrottleMs;
    }

    /** Records {@code value} for {@code client} at {@code nowMs}; returns the throttle in ms (0 within quota). */
    long recordAndThrottle(String client, long value, double quotaPerSecond, long nowMs) {
        if (rates.size() > MAX_CLIENTS) {
            rates.clear();
        }
        SampledRate rate = rates.computeIfAbsent(client, c -> new SampledRate(samples, windowMs));
        synchronized (rate) {
            double perSecond = rate.record(value, nowMs);
            if (perSecond <= quotaPerSecond) {
                return 0;
            }
            long window = rate.elapsedMs(nowMs);
            return Math.min((long) ((perSecond - quotaPerSecond) / quotaPerSecond * window), maxThrottleMs);
        }
    }
}
