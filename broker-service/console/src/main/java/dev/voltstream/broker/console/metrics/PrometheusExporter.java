package dev.voltstream.broker.console.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.protocol.ApiKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.console.kafka.ClusterReader;
import dev.voltstream.broker.metrics.BrokerMetrics;
import dev.voltstream.broker.metrics.LatencyHistogram;
import dev.voltstream.broker.storage.LogManager;

/**
 * {@code GET /metrics}: this broker's counters and request latency histograms (per API), and cluster gauges read
 * through the Admin client at scrape time (partitions, under-replicated and offline partitions, consumer lag per
 * group). If the cluster cannot be read, the broker's own metrics are still served and
 * {@code voltstream_cluster_scrape_success} is 0.
 */
public final class PrometheusExporter {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusExporter.class);

    private final BrokerMetrics metrics;
    private final ClusterReader cluster;
    private final int nodeId;
    private final LogManager logs;

    public PrometheusExporter(BrokerMetrics metrics, ClusterReader cluster, int nodeId) {
        this(metrics, cluster, nodeId, null);
    }

    /** With the broker's logs: their cleaner's series too. */
    public PrometheusExporter(BrokerMetrics metrics, ClusterReader cluster, int nodeId, LogManager logs) {
        this.metrics = metrics;
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.logs = logs;
    }

    public String scrape() {
        PrometheusText text = new PrometheusText();
        writeBroker(text);
        writeCluster(text);
        return text.toString();
    }

    private void writeBroker(PrometheusText text) {
        counter(text, "voltstream_broker_bytes_in_total", "Record bytes accepted by Produce on this broker",
                metrics.bytesIn());
        counter(text, "voltstream_broker_records_in_total", "Records accepted by Produce on this broker",
                metrics.recordsIn());
        counter(text, "voltstream_broker_bytes_out_total", "Record bytes sent by Fetch from this broker",
                metrics.bytesOut());
        counter(text, "voltstream_broker_records_out_total",
                "Records sent by Fetch from memory (file-backed fetches, sent with sendfile, count bytes only)",
                metrics.recordsOut());
        counter(text, "voltstream_broker_request_bytes_total", "Request bytes received on the Kafka listener",
                metrics.requestBytes());
        counter(text, "voltstream_broker_isr_shrinks_total", "In-sync replica set shrinks", metrics.isrShrinks());
        counter(text, "voltstream_broker_isr_expands_total", "In-sync replica set expansions", metrics.isrExpands());

        text.family("voltstream_broker_request_latency_seconds", "histogram",
                "Time from the start of a request's handling to its response, per Kafka API (rate of _count is the request rate)");
        for (ApiKeys api : ApiKeys.values()) {
            LatencyHistogram histogram = metrics.latency(api);
            long[] counts = histogram.cumulativeCounts();
            if (counts[counts.length - 1] == 0) {
                continue;
            }
            for (int i = 0; i < LatencyHistogram.BOUNDS_SECONDS.length; i++) {
                text.sample("voltstream_broker_request_latency_seconds_bucket",
                        labels("api", api.name, "le", PrometheusText.format(LatencyHistogram.BOUNDS_SECONDS[i])),
                        counts[i]);
            }
            text.sample("voltstream_broker_request_latency_seconds_bucket", labels("api", api.name, "le", "+Inf"),
                    counts[counts.length - 1]);
            text.sample("voltstream_broker_request_latency_seconds_sum", labels("api", api.name),
                    histogram.sumSeconds());
            text.sample("voltstream_broker_request_latency_seconds_count", labels("api", api.name),
                    counts[counts.length - 1]);
        }
        text.family("voltstream_broker_request_errors_total", "counter",
                "Requests whose handling failed and were answered with the API's generic error response");
        for (ApiKeys api : ApiKeys.values()) {
            if (metrics.latency(api).count() > 0) {
                text.sample("voltstream_broker_request_errors_total", labels("api", api.name), metrics.errors(api));
            }
        }
        text.family("voltstream_group_rebalances_total", "counter",
                "Rebalances completed per consumer group (new classic generation or KIP-848 group epoch) seen by this broker");
        metrics.rebalances().forEach((group, count) ->
                text.sample("voltstream_group_rebalances_total", labels("group", group), count));
        if (logs != null) {
            logs.cleaner().ifPresent(cleaner -> CleanerMetrics.write(text, cleaner, logs.allLogs(),
                    System.currentTimeMillis(), this::labels));
        }
    }

    private void writeCluster(PrometheusText text) {
        boolean ok = true;
        try {
            Map<String, TopicDescription> topics = cluster.allTopics();
            long partitions = 0;
            long underReplicated = 0;
            long offline = 0;
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    partitions++;
                    underReplicated += ClusterReader.underReplicated(partition) ? 1 : 0;
                    offline += partition.leader() == null || partition.leader().id() < 0 ? 1 : 0;
                }
            }
            gauge(text, "voltstream_cluster_brokers", "Brokers in the cluster", cluster.cluster().nodes().size());
            gauge(text, "voltstream_cluster_topics", "Topics, internal ones included", topics.size());
            gauge(text, "voltstream_cluster_partitions", "Partitions of all topics", partitions);
            gauge(text, "voltstream_cluster_under_replicated_partitions",
                    "Partitions whose in-sync replicas are fewer than their replicas", underReplicated);
            gauge(text, "voltstream_cluster_offline_partitions", "Partitions without a leader", offline);

            List<String> groups = cluster.consumerGroups().stream().map(GroupListing::groupId).toList();
            Map<String, List<ClusterReader.PartitionLag>> lags = cluster.lags(groups);
            text.family("voltstream_consumer_group_lag", "gauge",
                    "Log end offset minus the group's committed offset, per partition");
            lags.forEach((group, partitionLags) -> partitionLags.forEach(lag -> text.sample(
                    "voltstream_consumer_group_lag", labels("group", group, "topic", lag.partition().topic(),
                            "partition", Integer.toString(lag.partition().partition())), lag.lag())));
            text.family("voltstream_consumer_group_lag_sum", "gauge", "Total lag of a consumer group");
            lags.forEach((group, partitionLags) -> text.sample("voltstream_consumer_group_lag_sum",
                    labels("group", group), partitionLags.stream().mapToLong(ClusterReader.PartitionLag::lag).sum()));
        } catch (Exception e) {
            ok = false;
            LOG.warn("Cannot read cluster gauges for /metrics: {}", e.toString());
        }
        gauge(text, "voltstream_cluster_scrape_success", "1 if the cluster gauges could be read through the Admin client",
                ok ? 1 : 0);
    }

    private void counter(PrometheusText text, String name, String help, long value) {
        text.family(name, "counter", help);
        text.sample(name, labels(), value);
    }

    private void gauge(PrometheusText text, String name, String help, double value) {
        text.family(name, "gauge", help);
        text.sample(name, labels(), value);
    }

    /** Labels in order, with this broker's node id first (so several brokers' series stay apart). */
    private Map<String, String> labels(String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("node_id", Integer.toString(nodeId));
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}
