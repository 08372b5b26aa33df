package dev.voltstream.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies (microseconds, HdrHistogram) and counts of a run, as a whole and per interval: {@link #tick()} closes an
 * interval and returns its sample, so progress can be printed and plotted over time.
 */
public final class LatencyRecorder {
    private static final long MAX_LATENCY_US = TimeUnit.MINUTES.toMicros(5);

    private final Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
    private final Histogram total = new Histogram(MAX_LATENCY_US, 3);
    private final LongAdder bytes = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final List<Sample> samples = new ArrayList<>();
    private long startNanos = System.nanoTime();
    private long lastTickNanos = startNanos;
    private Histogram interval;

    /** One interval of the run. */
    public record Sample(double atSeconds, double recordsPerSecond, double p50Ms, double p99Ms) {
    }

    /** Starts the run's clock again: whatever was recorded and sampled before is dropped. */
    public synchronized void restart() {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
        bytes.reset();
        errors.reset();
        samples.clear();
        startNanos = System.nanoTime();
        lastTickNanos = startNanos;
    }

    public void record(long latencyMicros, int size) {
        recorder.recordValue(Math.min(Math.max(latencyMicros, 0), MAX_LATENCY_US));
        bytes.add(size);
    }

    public void error() {
        errors.increment();
    }

    /** Closes the current interval; call from one thread (the progress loop). */
    public synchronized Sample tick() {
        long now = System.nanoTime();
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        double seconds = (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        Sample sample = new Sample((now - startNanos) / 1e9, seconds > 0 ? interval.getTotalCount() / seconds : 0,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50) / 1000.0,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1000.0);
        samples.add(sample);
        return sample;
    }

    public synchronized Histogram total() {
        return total;
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    public long bytes() {
        return bytes.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public synchronized double elapsedSeconds() {
        return (lastTickNanos - startNanos) / 1e9;
    }
}
