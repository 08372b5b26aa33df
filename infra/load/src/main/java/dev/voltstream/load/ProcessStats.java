package dev.voltstream.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from /proc (Linux). */
public record ProcessStats(double cpuSeconds, long rssKb) {
    private static final double CLOCK_TICKS = 100.0;

    public static ProcessStats of(long pid) {
        if (pid <= 0) {
            return new ProcessStats(Double.NaN, -1);
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
            return new ProcessStats(Double.NaN, -1);
        }
    }
}
