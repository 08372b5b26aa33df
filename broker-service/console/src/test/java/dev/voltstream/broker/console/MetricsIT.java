package dev.voltstream.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: valid Prometheus text format, and values that follow real produce, fetch and group traffic. */
class MetricsIT {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\",?)*)})? "
                    + "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|[+-]Inf|NaN)");

    @TempDir
    Path logDir;

    @Test
    void exposesTrafficLatencyGroupAndClusterMetricsInPrometheusFormat() throws Exception {
        try (ConsoleCluster cluster = new ConsoleCluster(logDir)) {
            cluster.post("/api/topics", Map.of("name", "meter", "partitions", 2));
            try (KafkaProducer<String, String> producer = cluster.producer()) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("meter", i % 2, "k" + i, "value-" + i)).get();
                }
            }
            try (KafkaConsumer<String, String> consumer = cluster.consumer("meter-readers")) {
                consumer.subscribe(List.of("meter"));
                int seen = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (seen < 10 && System.nanoTime() < deadline) {
                    seen += consumer.poll(Duration.ofMillis(200)).count();
                }
                assertThat(seen).isEqualTo(10);
                consumer.commitSync();
            }
            try (KafkaProducer<String, String> producer = cluster.producer()) {
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("meter", 0, "late", "late-" + i)).get();
                }
            }

            ConsoleCluster.Response response = cluster.get("/metrics");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("text/plain; version=0.0.4");
            Scrape scrape = Scrape.parse(response.body());

            assertThat(scrape.value("voltstream_broker_records_in_total", "")).isEqualTo(13);
            assertThat(scrape.value("voltstream_broker_bytes_in_total", "")).isGreaterThan(13 * 6);
            assertThat(scrape.value("voltstream_broker_bytes_out_total", "")).isGreaterThan(10 * 6);
            assertThat(scrape.value("voltstream_broker_request_bytes_total", "")).isPositive();
            assertThat(scrape.value("voltstream_group_rebalances_total", "group=\"meter-readers\"")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("voltstream_consumer_group_lag_sum", "group=\"meter-readers\"")).isEqualTo(3);
            assertThat(scrape.value("voltstream_consumer_group_lag", "group=\"meter-readers\",topic=\"meter\",partition=\"0\""))
                    .isEqualTo(3);
            assertThat(scrape.value("voltstream_consumer_group_lag", "group=\"meter-readers\",topic=\"meter\",partition=\"1\""))
                    .isZero();
            assertThat(scrape.value("voltstream_cluster_under_replicated_partitions", "")).isZero();
            assertThat(scrape.value("voltstream_cluster_partitions", "")).isGreaterThanOrEqualTo(2);
            assertThat(scrape.value("voltstream_cluster_scrape_success", "")).isEqualTo(1);
            assertThat(scrape.value("voltstream_log_cleaner_passes_total", "")).isNotNegative();
            assertThat(scrape.value("voltstream_log_cleaner_max_dirty_ratio", "")).isBetween(0.0, 1.0);
            assertThat(scrape.value("voltstream_log_cleaner_dead_threads", "")).isZero();

            // the Produce latency histogram: cumulative buckets, +Inf equals _count, at least one request per record sent
            List<Double> buckets = scrape.values("voltstream_broker_request_latency_seconds_bucket", "api=\"Produce\"");
            assertThat(buckets).hasSize(17).isSorted();
            double count = scrape.value("voltstream_broker_request_latency_seconds_count", "api=\"Produce\"");
            assertThat(buckets.get(buckets.size() - 1)).isEqualTo(count);
            assertThat(count).isGreaterThanOrEqualTo(13);
            assertThat(scrape.value("voltstream_broker_request_latency_seconds_sum", "api=\"Produce\"")).isPositive();
            assertThat(scrape.value("voltstream_broker_request_latency_seconds_count", "api=\"Fetch\"")).isPositive();
            assertThat(scrape.value("voltstream_broker_request_errors_total", "api=\"Produce\"")).isZero();

            // every series the Grafana dashboard queries is one the broker serves
            String dashboard = Files.readString(DASHBOARD);
            Matcher names = Pattern.compile("voltstream_[a-z_]+").matcher(dashboard);
            Set<String> served = new HashSet<>();
            scrape.samples().forEach(sample -> served.add(sample[0]));
            int checked = 0;
            while (names.find()) {
                assertThat(served).as("dashboard metric %s", names.group()).contains(names.group());
                checked++;
            }
            assertThat(checked).isGreaterThan(10);
        }
    }

    private static final Path DASHBOARD = Path.of("../../infra/monitoring/grafana/voltstream-dashboard.json");

    /** A parsed scrape; checks the format while parsing (HELP and TYPE once per family, before its samples). */
    private record Scrape(List<String[]> samples) {
        static Scrape parse(String text) {
            Set<String> typed = new HashSet<>();
            Map<String, String> types = new HashMap<>();
            List<String[]> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.split(" ");
                    assertThat(parts).hasSize(4);
                    assertThat(typed.add(parts[2])).as("one TYPE line for %s", parts[2]).isTrue();
                    assertThat(parts[3]).isIn("counter", "gauge", "histogram");
                    types.put(parts[2], parts[3]);
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a valid sample line: %s", line).isTrue();
                String name = m.group(1);
                String family = name.replaceAll("_(bucket|sum|count)$", "");
                assertThat(typed).as("TYPE before the samples of %s", name).containsAnyOf(name, family);
                if (types.get(name) != null && types.get(name).equals("counter")) {
                    assertThat(name).endsWith("_total");
                }
                String labels = m.group(3) == null ? "" : m.group(3);
                assertThat(labels).startsWith("node_id=\"1\"");
                samples.add(new String[] {name, labels.replaceFirst("^node_id=\"1\",?", ""), m.group(4)});
            }
            return new Scrape(samples);
        }

        double value(String name, String labels) {
            List<Double> values = values(name, labels);
            assertThat(values).as("%s{%s}", name, labels).hasSize(1);
            return values.get(0);
        }

        /** Values of the samples named {@code name} whose labels start with {@code labels}. */
        List<Double> values(String name, String labels) {
            return samples.stream().filter(s -> s[0].equals(name) && s[1].startsWith(labels))
                    .map(s -> s[2].equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s[2])).toList();
        }
    }
}
