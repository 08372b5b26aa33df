package dev.voltstream.load;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The repeats of one scenario against one target, summarised: the median of each metric on its own (so a single
 * noisy run moves no cell), the errors of all runs added up (never hidden by a median), and the broker CPU and RSS
 * measured around each run.
 */
public record RunSummary(int runs, double recordsPerSecond, double megabytesPerSecond, double p50Ms, double p99Ms,
                         double p999Ms, long errors, double cpuSeconds, double cpuMicrosPerRecord, double rssMiB) {

    /** One run and what the target's broker processes used during it (CPU) and held after it (RSS). */
    public record Measurement(RunResult result, ProcessStats usage) {
    }

    public static RunSummary of(List<Measurement> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to summarise");
        }
        return new RunSummary(runs.size(), median(runs, m -> m.result().recordsPerSecond()),
                median(runs, m -> m.result().megabytesPerSecond()), median(runs, m -> m.result().p50Ms()),
                median(runs, m -> m.result().p99Ms()), median(runs, m -> m.result().p999Ms()),
                runs.stream().mapToLong(m -> m.result().errors()).sum(),
                median(runs, m -> m.usage().cpuSeconds()),
                median(runs, m -> m.result().records() == 0 ? Double.NaN
                        : m.usage().cpuSeconds() * 1e6 / m.result().records()),
                median(runs, m -> m.usage().rssMiB()));
    }

    /** The median of the known (non-NaN) values; for an even count the mean of the two middle ones; NaN if none. */
    static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
        double[] values = runs.stream().mapToDouble(metric).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
