package dev.voltstream.launcher;

/** Reads Prometheus' text exposition format, as served on a Quarkus service's {@code /q/metrics}. */
public final class PrometheusText {
    private PrometheusText() {
    }

    /**
     * The sum of every sample of {@code metric} (all label sets), or -1 when the text has none. A sample line is
     * {@code name{labels} value [timestamp]} or {@code name value}.
     */
    public static double sum(String text, String metric) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) {
                continue; // another metric whose name starts with this one
            }
            int valueStart = rest.startsWith("{") ? rest.lastIndexOf('}') + 1 : 0;
            String[] fields = rest.substring(valueStart).trim().split("\\s+");
            try {
                sum += Double.parseDouble(fields[0]);
                found = true;
            } catch (NumberFormatException e) {
                // NaN/Inf are parsed; anything else is not a sample line of ours
            }
        }
        return found ? sum : -1;
    }
}
