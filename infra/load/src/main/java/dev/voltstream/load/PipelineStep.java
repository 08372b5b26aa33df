package dev.voltstream.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * One offered rate of the pipeline scenario, analysed: end-to-end latency of every transaction from its intended
 * send time to the time its notification was stored (HdrHistogram), achieved throughput, and the backlog — sent but
 * not yet notified, which covers every consumer's lag and every outbox in between.
 *
 * @param offered          offered rate, transactions/s
 * @param seconds          length of the send window
 * @param sent             transactions sent (planned = offered × seconds unless the producer fell behind)
 * @param completed        transactions whose notification was stored (by the end of the drain wait)
 * @param p50Ms            latency percentiles, ms; lower bounds when some transactions were never notified
 * @param achieved         notifications stored per second during the send window (after a warm-up)
 * @param backlogGrowth    change of the backlog per second over the second half of the send window, tx/s
 * @param latencyPerSecond second of the window (intended time) → {p50, p99} ms of the transactions sent in it
 * @param cpuPercent       process name → CPU use during the send window, % of one core
 * @param queues           stage → records waiting in front of it at the end of the send window ({@link PipelineQueues})
 */
public record PipelineStep(double offered, double seconds, long sent, long completed, double p50Ms, double p99Ms,
                           double p999Ms, double maxMs, double achieved, double backlogGrowth,
                           Map<Integer, double[]> latencyPerSecond, Map<String, Double> cpuPercent,
                           Map<String, Long> queues) {
    private static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(30);

    /** Transactions sent but never notified (by the end of the drain wait). */
    public long missing() {
        return sent - completed;
    }

    /**
     * Analyses one step.
     *
     * @param offered  offered rate, transactions/s
     * @param seconds  the send window's length; the window starts at {@code intendedUs[0]}
     * @param intended intended send time of each sent transaction (epoch µs, by sequence number)
     * @param stored   the time its notification was stored (epoch µs), 0 when it was not
     * @param gaveUpAt when the drain wait ended (epoch µs): a transaction never notified counts with the latency it
     *                 had by then, so the percentiles are lower bounds rather than blind to the slowest transactions
     */
    public static PipelineStep analyse(double offered, double seconds, long[] intended, long[] stored, long gaveUpAt) {
        if (intended.length != stored.length) {
            throw new IllegalArgumentException("intended and stored times must pair up");
        }
        long start = intended.length == 0 ? 0 : intended[0];
        long end = start + (long) (seconds * 1e6);
        long warmUp = start + (long) (Math.min(2.0, seconds / 4) * 1e6);
        Histogram all = new Histogram(MAX_LATENCY_US, 3);
        Map<Integer, Histogram> perSecond = new LinkedHashMap<>();
        long completed = 0;
        long storedInWindow = 0;
        List<Long> storedTimes = new ArrayList<>();
        for (int i = 0; i < intended.length; i++) {
            long latency = Math.min(Math.max((stored[i] == 0 ? gaveUpAt : stored[i]) - intended[i], 0), MAX_LATENCY_US);
            all.recordValue(latency);
            perSecond.computeIfAbsent((int) ((intended[i] - start) / 1_000_000), s -> new Histogram(MAX_LATENCY_US, 3))
                    .recordValue(latency);
            if (stored[i] == 0) {
                continue;
            }
            completed++;
            if (stored[i] > warmUp && stored[i] <= end) {
                storedInWindow++;
            }
            storedTimes.add(stored[i]);
        }
        double achieved = storedInWindow / ((end - warmUp) / 1e6);
        long mid = start + (end - start) / 2;
        double growth = (backlogAt(end, intended, storedTimes) - backlogAt(mid, intended, storedTimes))
                / ((end - mid) / 1e6);
        Map<Integer, double[]> series = new LinkedHashMap<>();
        perSecond.forEach((second, h) -> series.put(second, new double[] {ms(h, 50), ms(h, 99)}));
        return new PipelineStep(offered, seconds, intended.length, completed, ms(all, 50), ms(all, 99), ms(all, 99.9),
                all.getTotalCount() == 0 ? 0 : all.getMaxValue() / 1000.0, achieved, growth, series, Map.of(), Map.of());
    }

    /** This step with the CPU use of the processes during its send window and the queues at its end. */
    public PipelineStep with(Map<String, Double> cpu, Map<String, Long> queuesAtEnd) {
        return new PipelineStep(offered, seconds, sent, completed, p50Ms, p99Ms, p999Ms, maxMs, achieved,
                backlogGrowth, latencyPerSecond, new java.util.LinkedHashMap<>(cpu),
                new java.util.LinkedHashMap<>(queuesAtEnd));
    }

    /** Sent by {@code t} (intended time) minus notified by {@code t}. */
    static long backlogAt(long t, long[] intended, List<Long> storedTimes) {
        long sentBy = 0;
        for (long i : intended) {
            if (i <= t) {
                sentBy++;
            }
        }
        long notifiedBy = storedTimes.stream().filter(s -> s <= t).count();
        return sentBy - notifiedBy;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }
}
