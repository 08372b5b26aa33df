package dev.voltstream.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM spent its CPU, from a JFR recording's {@code jdk.ExecutionSample} events: the most frequent top frames
 * (self time) and the most frequent frames anywhere on the stack under a package prefix (inclusive time).
 */
final class JfrTop {
    private final Map<String, Integer> self = new HashMap<>();
    private final Map<String, Integer> inclusive = new HashMap<>();
    private final Map<String, double[]> socketReads = new HashMap<>();
    private int samples;

    /** Reads a recording; {@code prefix} selects the frames counted inclusively (e.g. dev.voltstream). */
    static JfrTop of(Path recording, String prefix) throws IOException {
        JfrTop top = new JfrTop();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                top.add(event.getStackTrace(), prefix);
            } else if (type.equals("jdk.SocketRead") && event.getThread() != null) {
                String key = event.getThread().getJavaName() + " ← :" + event.getInt("port");
                double[] t = top.socketReads.computeIfAbsent(key, k -> new double[2]);
                t[0]++;
                t[1] += event.getDuration().toNanos() / 1e6;
            }
        }
        return top;
    }

    void add(RecordedStackTrace stack, String prefix) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        frames.stream().filter(f -> f.getMethod().getType().getName().startsWith(prefix)).map(JfrTop::name)
                .distinct().forEach(n -> inclusive.merge(n, 1, Integer::sum));
    }

    /**
     * A markdown fragment: the top {@code n} self frames and inclusive frames with their share of the CPU samples,
     * and the threads that waited longest in socket reads (JFR records reads of ≥ 10 ms with settings=profile), by
     * remote port — time spent waiting for PostgreSQL or the broker rather than computing.
     */
    String markdown(String title, int n) {
        StringBuilder md = new StringBuilder("**").append(title).append("** (").append(samples)
                .append(" CPU samples)\n\n| self (top frame) | % | inclusive, project frames | % |\n|---|---:|---|---:|\n");
        List<Map.Entry<String, Integer>> s = sorted(self, n);
        List<Map.Entry<String, Integer>> i = sorted(inclusive, n);
        for (int r = 0; r < Math.max(s.size(), i.size()); r++) {
            md.append("| ").append(r < s.size() ? row(s.get(r)) : " | ").append(" | ")
                    .append(r < i.size() ? row(i.get(r)) : " | ").append(" |\n");
        }
        if (!socketReads.isEmpty()) {
            md.append("\n| thread ← remote port | socket reads ≥ 10 ms | total s |\n|---|---:|---:|\n");
            socketReads.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                    .limit(5).forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.1f |%n", e.getKey(),
                            e.getValue()[0], e.getValue()[1] / 1000)));
        }
        return md.toString();
    }

    private String row(Map.Entry<String, Integer> e) {
        return String.format(Locale.ROOT, "`%s` | %.1f", e.getKey(), 100.0 * e.getValue() / Math.max(samples, 1));
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .toList();
    }

    /** {@code Class.method} with the last package segment, e.g. {@code service.PaymentService.apply}. */
    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.', type.lastIndexOf('.') - 1) + 1) + "." + frame.getMethod().getName();
    }
}
