package dev.voltstream.broker.console.metrics;

import java.util.Map;
import java.util.function.Function;

import dev.voltstream.broker.storage.LogCleaner;
import dev.voltstream.broker.storage.PartitionLog;

/**
 * The log cleaner's series for {@code /metrics}, after Kafka's LogCleaner and LogCleanerManager metrics: bytes
 * cleaned, passes, the last run, the highest dirty ratio and every compacted partition's dirty ratio.
 */
final class CleanerMetrics {
    private CleanerMetrics() {
    }

    static void write(PrometheusText text, LogCleaner cleaner, Iterable<PartitionLog> logs, long nowMs,
                      Function<String[], Map<String, String>> labels) {
        family(text, "voltstream_log_cleaner_bytes_read_total", "counter",
                "Log bytes read by cleaning passes", cleaner.bytesRead(), labels);
        family(text, "voltstream_log_cleaner_bytes_written_total", "counter",
                "Bytes written into cleaned segments", cleaner.bytesWritten(), labels);
        family(text, "voltstream_log_cleaner_passes_total", "counter",
                "Cleaning passes completed", cleaner.passes(), labels);
        family(text, "voltstream_log_cleaner_max_dirty_ratio", "gauge",
                "Highest dirty ratio (0..1) of the compacted logs (Kafka's max-dirty-percent / 100)",
                cleaner.maxDirtyRatio(), labels);
        family(text, "voltstream_log_cleaner_last_run_duration_seconds", "gauge",
                "How long the last cleaning pass took", cleaner.lastRunDurationMs() / 1000.0, labels);
        family(text, "voltstream_log_cleaner_time_since_last_run_seconds", "gauge",
                "Time since the last cleaning pass ended, -1 before the first",
                cleaner.lastRunEndMs() < 0 ? -1 : (nowMs - cleaner.lastRunEndMs()) / 1000.0, labels);
        family(text, "voltstream_log_cleaner_uncleanable_partitions", "gauge",
                "Partitions whose cleaning failed (not retried until a restart)", cleaner.uncleanablePartitions(),
                labels);
        family(text, "voltstream_log_cleaner_dead_threads", "gauge",
                "Cleaner threads that died", cleaner.deadThreads(), labels);
        text.family("voltstream_log_dirty_ratio", "gauge",
                "Dirty share (0..1) of a compacted partition's log on this broker, at the cleaner's last look");
        for (PartitionLog log : logs) {
            cleaner.dirtyRatio(log.topicPartition()).ifPresent(ratio -> text.sample("voltstream_log_dirty_ratio",
                    labels.apply(new String[] {"topic", log.topicPartition().topic(),
                            "partition", Integer.toString(log.topicPartition().partition())}), ratio));
        }
    }

    private static void family(PrometheusText text, String name, String type, String help, double value,
                               Function<String[], Map<String, String>> labels) {
        text.family(name, type, help);
        text.sample(name, labels.apply(new String[0]), value);
    }
}
