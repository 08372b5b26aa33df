package dev.voltstream.broker.console.metrics;

import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): {@code # HELP} and {@code # TYPE} once per family,
 * then samples with escaped label values.
 */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder(8192);

    void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    void sample(String name, double value) {
        sample(name, Map.of(), value);
    }

    static String format(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
