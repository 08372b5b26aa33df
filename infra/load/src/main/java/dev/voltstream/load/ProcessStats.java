package dev.voltstream.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a process (from /proc, Linux), of several processes summed, or used during an
 * interval ({@link #since}). Unknown values are NaN CPU and -1 RSS.
 */
public record ProcessStats(double cpuSeconds, long rssKb) {
    private static final double CLOCK_TICKS = 100.0;
    static final ProcessStats UNKNOWN = new ProcessStats(Double.NaN, -1);

    public static ProcessStats of(long pid) {
        if (pid <= 0) {
            return UNKNOWN;
        }
        try {
            String[] stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"))
                    .replaceAll("^.*\\) ", "").split(" ");
            double cpu = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / CLOCK_TICKS;
            long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(-1L);
            return new ProcessStats(cpu, rss);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The processes of a cluster together: unknown if there are none or any one of them is unknown. */
    public static ProcessStats sum(List<ProcessStats> parts) {
        if (parts.isEmpty() || parts.stream().anyMatch(p -> !p.isKnown())) {
            return UNKNOWN;
        }
        return new ProcessStats(parts.stream().mapToDouble(ProcessStats::cpuSeconds).sum(),
                parts.stream().mapToLong(ProcessStats::rssKb).sum());
    }

    /** The CPU used since {@code before}, with the RSS now. */
    public ProcessStats since(ProcessStats before) {
        return new ProcessStats(cpuSeconds - before.cpuSeconds, rssKb);
    }

    public boolean isKnown() {
        return !Double.isNaN(cpuSeconds) && rssKb >= 0;
    }

    public double rssMiB() {
        return rssKb < 0 ? Double.NaN : rssKb / 1024.0;
    }
}
