package dev.voltstream.broker.console.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void writesFamiliesAndEscapesLabelValues() {
        PrometheusText text = new PrometheusText();
        text.family("demo_total", "counter", "A demo\ncounter");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("group", "we\"ird\\group\nname");
        labels.put("partition", "0");
        text.sample("demo_total", labels, 3);
        text.sample("demo_total", 0.25);

        assertThat(text.toString()).isEqualTo("""
                # HELP demo_total A demo\\ncounter
                # TYPE demo_total counter
                demo_total{group="we\\"ird\\\\group\\nname",partition="0"} 3
                demo_total 0.25
                """);
    }

    @Test
    void formatsWholeNumbersWithoutAFractionAndInfinityAsPrometheusDoes() {
        assertThat(PrometheusText.format(12)).isEqualTo("12");
        assertThat(PrometheusText.format(0.0001)).isEqualTo("1.0E-4");
        assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.format(2.5)).isEqualTo("2.5");
    }
}
