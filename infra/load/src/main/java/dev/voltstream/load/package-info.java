/**
 * The load-test tool: produce and fan-out consume loads against any Kafka-protocol broker, latency in HdrHistogram,
 * progress every second, and a side-by-side comparison that writes a markdown report with SVG plots.
 */
package dev.voltstream.load;
