package dev.voltstream.broker.quota;

import dev.voltstream.broker.rate.SampledRate;

/**
 * A quota metered as Kafka's {@code Rate} over a sliding window ({@link SampledRate}), throttled as Kafka's
 * {@code QuotaUtils.throttleTime}: when the rate including the value is above the quota,
 * {@code (rate - quota) / quota * window}, the delay that brings the rate over the window measured back to the quota
 * if nothing more were recorded, at most {@code maxThrottleMs}. Kafka's request quota ({@code request_percentage}).
 */
final class WindowedRate implements QuotaMeter {
    private final SampledRate rate;
    private final long maxThrottleMs;

    WindowedRate(int samples, long windowMs, long maxThrottleMs) {
        this.rate = new SampledRate(samples, windowMs);
        this.maxThrottleMs = maxThrottleMs;
    }

    @Override
    public long recordAndThrottle(double value, double quotaPerSecond, long nowMs) {
        double perSecond = rate.record(value, nowMs);
        if (perSecond <= quotaPerSecond) {
            return 0;
        }
        return Math.min(Math.round((perSecond - quotaPerSecond) / quotaPerSecond * rate.elapsedMs(nowMs)),
                maxThrottleMs);
    }
}
