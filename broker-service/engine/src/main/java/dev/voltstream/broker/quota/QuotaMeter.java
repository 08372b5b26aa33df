package dev.voltstream.broker.quota;

/** One client's usage of one quota: records what it used and says how long to throttle it. Not thread-safe. */
interface QuotaMeter {
    /**
     * Records {@code value} at {@code nowMs} against a quota of {@code quotaPerSecond}; returns the throttle in ms
     * (0 within the quota).
     */
    long recordAndThrottle(double value, double quotaPerSecond, long nowMs);
}
