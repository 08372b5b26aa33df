package dev.voltstream.broker.console.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.metrics.BrokerMetrics;

/**
 * Once a second, turns the broker's cumulative byte and record counters into per-second rates and keeps the last
 * minute of them for the overview's live throughput. Runs on its own daemon thread: reading a few LongAdders costs
 * the request path nothing.
 */
public final class ThroughputSampler implements AutoCloseable {
    /** Rates over one sampling interval, per second. */
    public record Rate(long epochMillis, double bytesIn, double bytesOut, double recordsIn, double recordsOut,
                       double requests) {
    }

    private static final int HISTORY = 60;

    private final BrokerMetrics metrics;
    private final ScheduledExecutorService timer;
    private final ArrayDeque<Rate> history = new ArrayDeque<>();
    private long[] last;
    private long lastNanos;

    public ThroughputSampler(BrokerMetrics metrics) {
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-throughput");
            t.setDaemon(true);
            return t;
        });
        this.last = read();
        this.lastNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
    }

    private long[] read() {
        long requests = 0;
        for (org.apache.kafka.common.protocol.ApiKeys api : org.apache.kafka.common.protocol.ApiKeys.values()) {
            requests += metrics.latency(api).count();
        }
        return new long[] {metrics.bytesIn(), metrics.bytesOut(), metrics.recordsIn(), metrics.recordsOut(), requests};
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        long[] current = read();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        history.addLast(new Rate(System.currentTimeMillis(), (current[0] - last[0]) / seconds,
                (current[1] - last[1]) / seconds, (current[2] - last[2]) / seconds,
                (current[3] - last[3]) / seconds, (current[4] - last[4]) / seconds));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        last = current;
        lastNanos = now;
    }

    /** The last minute of rates, oldest first. */
    public synchronized List<Rate> history() {
        return new ArrayList<>(history);
    }

    /** The latest rate, or zeros before the first sample. */
    public synchronized Rate current() {
        return history.isEmpty() ? new Rate(System.currentTimeMillis(), 0, 0, 0, 0, 0) : history.peekLast();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
