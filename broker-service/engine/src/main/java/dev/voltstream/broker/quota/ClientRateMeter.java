package dev.voltstream.broker.quota;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One quota's {@link QuotaMeter} per client (user and client id): the byte rates' {@link TokenBucket}s
 * ({@link #byteRate}) or the request time's {@link WindowedRate}s ({@link RequestTimeMeter}). Every recording and its
 * throttle is logged at TRACE ({@code dev.voltstream.broker.quota.ClientRateMeter}).
 */
final class ClientRateMeter {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRateMeter.class);
    /** Bounds the meters kept: clients that stopped are forgotten (their windows are long over anyway). */
    private static final int MAX_CLIENTS = 100_000;

    private final Supplier<QuotaMeter> meters;
    private final Map<String, QuotaMeter> clients = new ConcurrentHashMap<>();

    ClientRateMeter(Supplier<QuotaMeter> meters) {
        this.meters = meters;
    }

    /**
     * A byte-rate meter over Kafka's quota window of {@code samples} windows of {@code windowMs} ({@code
     * quota.window.num} 11, {@code quota.window.size.seconds} 1): a bucket of {@code samples - 1} windows at the
     * quota, the burst Kafka's window lets a fresh client through (its rate is measured over at least that long);
     * throttles of at most the whole window.
     */
    static ClientRateMeter byteRate(int samples, long windowMs) {
        return new ClientRateMeter(() -> new TokenBucket((samples - 1) * windowMs, samples * windowMs));
    }

    /** The time {@code client} owes on a byte-rate meter ({@link TokenBucket#owedMs}), uncapped; 0 otherwise. */
    long owedMs(String client, double quotaPerSecond) {
        QuotaMeter meter = clients.get(client);
        if (!(meter instanceof TokenBucket bucket)) {
            return 0;
        }
        synchronized (meter) {
            return bucket.owedMs(quotaPerSecond);
        }
    }

    /** Records {@code value} for {@code client} at {@code nowMs}; returns the throttle in ms (0 within quota). */
    long recordAndThrottle(String client, double value, double quotaPerSecond, long nowMs) {
        if (clients.size() > MAX_CLIENTS) {
            clients.clear();
        }
        QuotaMeter meter = clients.computeIfAbsent(client, c -> meters.get());
        long throttle;
        synchronized (meter) {
            throttle = meter.recordAndThrottle(value, quotaPerSecond, nowMs);
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("{}: recorded {} at {} ms against {}/s: throttle {} ms", client.replace('\u0000', '/'),
                    (long) value, nowMs, (long) quotaPerSecond, throttle);
        }
        return throttle;
    }
}
