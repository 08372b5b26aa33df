/**
 * The broker's own measurements: plain Java counters and fixed-bucket histograms, updated on the request path with a
 * few {@link java.util.concurrent.atomic.LongAdder} increments and read by whoever exports them (the console's
 * Prometheus endpoint). No web or metrics-framework types here, so the engine stays free of them.
 */
package dev.voltstream.broker.metrics;
