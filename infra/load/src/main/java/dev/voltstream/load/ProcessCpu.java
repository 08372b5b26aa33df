package dev.voltstream.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of named processes together with all their descendants (a start script and its JVM, PostgreSQL's
 * postmaster and its backends), from /proc via {@link ProcessStats}.
 */
final class ProcessCpu {
    private final Map<String, Long> pids;

    /** @param pids process name → PID */
    ProcessCpu(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    /** Parses {@code name=pid}. */
    static Map.Entry<String, Long> parse(String spec) {
        Map.Entry<String, String> kv = parse0(spec);
        return Map.entry(kv.getKey(), Long.parseLong(kv.getValue().trim()));
    }

    /** Parses {@code key=value} (a value may contain '='). */
    static Map.Entry<String, String> parse0(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected key=value, got " + spec);
        }
        return Map.entry(spec.substring(0, eq), spec.substring(eq + 1));
    }

    /** Name → CPU seconds used so far by the process and its descendants. */
    Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double total = cpuOf(pid);
            total += ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                    .mapToDouble(h -> cpuOf(h.pid())).sum();
            cpu.put(name, total);
        });
        return cpu;
    }

    /** Name → % of one core used between two {@link #cpuSeconds()} samples {@code seconds} apart. */
    static Map<String, Double> percent(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> pct = new LinkedHashMap<>();
        after.forEach((name, cpu) -> pct.put(name, 100 * (cpu - before.getOrDefault(name, 0.0)) / seconds));
        return pct;
    }

    private static double cpuOf(long pid) {
        double cpu = ProcessStats.of(pid).cpuSeconds();
        return Double.isNaN(cpu) ? 0 : cpu;
    }
}
