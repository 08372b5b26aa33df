package dev.voltstream.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One broker's pipeline run as a tab-separated file, so that runs on different brokers (separate systems, started
 * one after the other) can be reported side by side: {@code meta key value}, {@code step ...} and {@code sec ...}
 * (latency per second of one step) lines.
 *
 * @param broker the broker's name (voltstream, kafka)
 * @param meta   free-form facts about the run (when, load average, options)
 */
public record PipelineResults(String broker, Map<String, String> meta, List<PipelineStep> steps) {

    public void write(Path file) throws IOException {
        StringBuilder out = new StringBuilder("broker\t").append(broker).append('\n');
        meta.forEach((k, v) -> out.append("meta\t").append(k).append('\t').append(v.replace('\t', ' ')).append('\n'));
        for (PipelineStep s : steps) {
            StringBuilder cpu = new StringBuilder();
            s.cpuPercent().forEach((name, pct) -> cpu.append(cpu.isEmpty() ? "" : ",")
                    .append(name).append('=').append(String.format(Locale.ROOT, "%.1f", pct)));
            StringBuilder queues = new StringBuilder();
            s.queues().forEach((name, n) -> queues.append(queues.isEmpty() ? "" : ",").append(name).append('=').append(n));
            out.append(String.format(Locale.ROOT, "step\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s%n", s.offered(),
                    s.seconds(), s.sent(), s.completed(), s.p50Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(), s.achieved(),
                    s.backlogGrowth(), cpu.isEmpty() ? "-" : cpu, queues.isEmpty() ? "-" : queues));
            s.latencyPerSecond().forEach((sec, v) -> out.append(String.format(Locale.ROOT, "sec\t%s\t%d\t%s\t%s%n",
                    s.offered(), sec, v[0], v[1])));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out);
    }

    public static PipelineResults read(Path file) throws IOException {
        String broker = null;
        Map<String, String> meta = new LinkedHashMap<>();
        List<String[]> stepLines = new ArrayList<>();
        Map<Double, Map<Integer, double[]>> series = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "broker" -> broker = f[1];
                case "meta" -> meta.put(f[1], f[2]);
                case "step" -> stepLines.add(f);
                case "sec" -> series.computeIfAbsent(Double.parseDouble(f[1]), k -> new TreeMap<>())
                        .put(Integer.parseInt(f[2]), new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
                default -> { }
            }
        }
        List<PipelineStep> steps = new ArrayList<>();
        for (String[] f : stepLines) {
            double offered = Double.parseDouble(f[1]);
            Map<String, Double> cpu = new LinkedHashMap<>();
            pairs(f[11]).forEach((k, v) -> cpu.put(k, Double.parseDouble(v)));
            Map<String, Long> queues = new LinkedHashMap<>();
            pairs(f[12]).forEach((k, v) -> queues.put(k, Long.parseLong(v)));
            steps.add(new PipelineStep(offered, Double.parseDouble(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]),
                    series.getOrDefault(offered, Map.of()), cpu, queues));
        }
        if (broker == null) {
            throw new IOException(file + " is not a pipeline result (no broker line)");
        }
        return new PipelineResults(broker, meta, steps);
    }

    /** {@code a=1,b=2} (or {@code -}) → ordered pairs. */
    private static Map<String, String> pairs(String field) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (!field.equals("-")) {
            for (String kv : field.split(",")) {
                int eq = kv.lastIndexOf('=');
                pairs.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return pairs;
    }
}
