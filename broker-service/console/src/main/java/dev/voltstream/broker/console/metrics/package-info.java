/**
 * Exports the engine's {@link dev.voltstream.broker.metrics.BrokerMetrics} and cluster gauges in the Prometheus text
 * format, and samples live throughput for the console's overview.
 */
package dev.voltstream.broker.console.metrics;
