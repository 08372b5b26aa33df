package dev.voltstream.broker.quota;

/**
 * A byte-rate quota metered as Kafka's {@code TokenBucket} stat (KIP-599) meters controller mutations: the bucket
 * holds at most {@code windowMs} at the quota (a fresh or idle client may burst that much), refills at the quota, and
 * every recorded value takes its tokens. A
 * client that has taken more than the bucket held is throttled for the time the bucket needs to refill to zero:
 * {@code -tokens / quota}, at most {@code maxThrottleMs}; the debt stays, so a capped throttle is made up by the next.
 *
 * <p>Why not Kafka's sliding-window {@code Rate} for byte rates: a client that runs flat out puts its first burst
 * (about ten seconds' worth of quota) into one or two samples; when they leave the window eleven seconds later the
 * measured rate drops by that much and the client bursts again, so its rate echoes in bursts and stalls of the
 * window's period (Kafka 4.1.2 shows it too), and what a minute measures depends on how many bursts it catches. A
 * bucket has no memory of when bytes came, only of how many: after the first burst the client gets the quota
 * (docs/benchmarks.md, "Client quotas over a minute").
 */
final class TokenBucket implements QuotaMeter {
    private final long windowMs;
    private final long maxThrottleMs;
    private double tokens;
    /** When the bucket was last refilled; -1 before the first recording (it starts full). */
    private long lastMs = -1;

    /** A bucket of {@code windowMs} at the quota; throttles of at most {@code maxThrottleMs}. */
    TokenBucket(long windowMs, long maxThrottleMs) {
        this.windowMs = windowMs;
        this.maxThrottleMs = maxThrottleMs;
    }

    @Override
    public long recordAndThrottle(double value, double quotaPerSecond, long nowMs) {
        double burst = quotaPerSecond * windowMs / 1000.0;
        tokens = lastMs < 0 ? burst : Math.min(burst, tokens + quotaPerSecond * (nowMs - lastMs) / 1000.0);
        lastMs = Math.max(lastMs, nowMs);
        tokens -= value;
        // Kafka's ControllerMutationQuotaManager.throttleTimeMs: the time to earn back what is owed
        return tokens >= 0 ? 0 : Math.min(Math.round(-tokens / quotaPerSecond * 1000), maxThrottleMs);
    }

    /**
     * The whole time the client owes, not capped: how long to mute a client over its quota whose request has no
     * response (acks=0). Capped, the network would read a socket buffer's worth between mutes (Kafka keeps that small
     * with a 100 KB {@code socket.receive.buffer.bytes}; ours is the kernel's), and a flat-out acks=0 producer would
     * get that buffer per capped throttle instead of its quota.
     */
    long owedMs(double quotaPerSecond) {
        return tokens >= 0 ? 0 : Math.round(-tokens / quotaPerSecond * 1000);
    }

    /** The tokens left (negative: owed), for tests. */
    double tokens() {
        return tokens;
    }
}
