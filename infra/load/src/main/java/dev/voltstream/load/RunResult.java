package dev.voltstream.load;

import java.util.List;

import org.HdrHistogram.Histogram;

/** The outcome of one run: throughput, latency percentiles (ms) and the per-second samples. */
public record RunResult(String label, long records, long errors, double seconds, double recordsPerSecond,
                        double megabytesPerSecond, double p50Ms, double p99Ms, double p999Ms, double maxMs,
                        List<LatencyRecorder.Sample> samples) {

    static RunResult of(String label, LatencyRecorder recorder) {
        Histogram h = recorder.total();
        double seconds = Math.max(recorder.elapsedSeconds(), 1e-9);
        long count = h.getTotalCount();
        return new RunResult(label, count, recorder.errors(), seconds, count / seconds,
                recorder.bytes() / seconds / (1024 * 1024), ms(h, 50), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0, recorder.samples());
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public String summary() {
        return String.format("%,.0f rec/s (%.1f MB/s), p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, %d errors",
                recordsPerSecond, megabytesPerSecond, p50Ms, p99Ms, p999Ms, errors);
    }
}
