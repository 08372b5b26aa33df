package dev.voltstream.broker.quota;

/**
 * Kafka's request quota (KIP-124, {@code ClientRequestQuotaManager}): the time the request threads spend on a
 * client's requests, per second over the quota window, as a percentage of one thread — {@code request_percentage=200}
 * is two threads' whole time. A client above it is throttled by Kafka's formula, at most one sample window
 * ({@code quota.window.size.seconds}), as Kafka caps request throttles.
 */
final class RequestTimeMeter {
    /** Nanoseconds of request-thread time per second that make one percent of a thread. */
    private static final double NANOS_PER_PERCENT = 1e9 / 100;

    private final ClientRateMeter meter;

    RequestTimeMeter(int samples, long windowMs) {
        this.meter = new ClientRateMeter(() -> new WindowedRate(samples, windowMs, windowMs));
    }

    /**
     * Records {@code threadNanos} of request-thread time for {@code client} at {@code nowMs} against a quota of
     * {@code percentage}; returns the throttle in ms (0 within quota).
     */
    long recordAndThrottle(String client, long threadNanos, double percentage, long nowMs) {
        return meter.recordAndThrottle(client, threadNanos, percentage * NANOS_PER_PERCENT, nowMs);
    }
}
