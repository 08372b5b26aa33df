package dev.voltstream.broker.storage;

import java.util.Optional;
import java.util.function.Function;

/**
 * The broker's {@code log.cleaner.*} settings, with Kafka's names and defaults.
 *
 * @param enabled           {@code log.cleaner.enable}: whether compacted topics are cleaned at all
 * @param threads           {@code log.cleaner.threads}: cleaner threads, each with its share of the buffers
 * @param dedupeBufferSize  {@code log.cleaner.dedupe.buffer.size}: memory of the offset maps of all threads together
 * @param loadFactor        {@code log.cleaner.io.buffer.load.factor}: how full an offset map may get
 * @param ioBufferSize      {@code log.cleaner.io.buffer.size}: read and write buffers of all threads together
 * @param maxIoBytesPerSec  {@code log.cleaner.io.max.bytes.per.second}: read plus write rate of all threads together
 * @param backoffMs         {@code log.cleaner.backoff.ms}: how long a thread sleeps when no log needs cleaning
 */
public record CleanerConfig(boolean enabled, int threads, long dedupeBufferSize, double loadFactor, int ioBufferSize,
                            double maxIoBytesPerSec, long backoffMs) {

    public static CleanerConfig defaults() {
        return new CleanerConfig(true, 1, 128L * 1024 * 1024, 0.9, 512 * 1024, Double.MAX_VALUE, 15_000L);
    }

    /** From broker properties ({@code name -> value}); absent names keep Kafka's defaults. */
    public static CleanerConfig from(Function<String, Optional<String>> props) {
        CleanerConfig d = defaults();
        CleanerConfig c = new CleanerConfig(
                props.apply("log.cleaner.enable").map(v -> Boolean.parseBoolean(v.trim())).orElse(d.enabled),
                props.apply("log.cleaner.threads").map(v -> Integer.parseInt(v.trim())).orElse(d.threads),
                props.apply("log.cleaner.dedupe.buffer.size").map(v -> Long.parseLong(v.trim()))
                        .orElse(d.dedupeBufferSize),
                props.apply("log.cleaner.io.buffer.load.factor").map(v -> Double.parseDouble(v.trim()))
                        .orElse(d.loadFactor),
                props.apply("log.cleaner.io.buffer.size").map(v -> Integer.parseInt(v.trim()))
                        .orElse(d.ioBufferSize),
                props.apply("log.cleaner.io.max.bytes.per.second").map(v -> Double.parseDouble(v.trim()))
                        .orElse(d.maxIoBytesPerSec),
                props.apply("log.cleaner.backoff.ms").map(v -> Long.parseLong(v.trim())).orElse(d.backoffMs));
        c.validate();
        return c;
    }

    /**
     * Kafka's {@code LogCleaner.validateReconfiguration}: at runtime {@code log.cleaner.threads} is at least 1 and
     * changes by at most a factor of two at once (not below half, by integer division, nor above double the current
     * count); the other settings are checked as at start.
     *
     * @throws IllegalArgumentException with Kafka's message when {@code next} may not replace this config
     */
    public void validateReconfiguration(CleanerConfig next) {
        next.validate();
        if (next.threads < 1) {
            throw new IllegalArgumentException("Log cleaner threads should be at least 1");
        }
        if (next.threads < threads / 2) {
            throw new IllegalArgumentException(
                    "Log cleaner threads cannot be reduced to less than half the current value " + threads);
        }
        if (next.threads > threads * 2) {
            throw new IllegalArgumentException(
                    "Log cleaner threads cannot be increased to more than double the current value " + threads);
        }
    }

    private void validate() {
        if (threads < 0) {
            throw new IllegalArgumentException("log.cleaner.threads must be >= 0, was " + threads);
        }
        if (threads > 0 && dedupeBufferSize / threads < 1024 * 1024) {
            // Kafka's minimum: log.cleaner.dedupe.buffer.size must give each thread at least 1 MiB
            throw new IllegalArgumentException("log.cleaner.dedupe.buffer.size must be at least 1 MiB per cleaner "
                    + "thread, was " + dedupeBufferSize);
        }
        if (ioBufferSize < 1 || loadFactor <= 0 || loadFactor > 1 || maxIoBytesPerSec <= 0 || backoffMs < 0) {
            throw new IllegalArgumentException("invalid log.cleaner.* settings: " + this);
        }
    }

    /** Offset-map memory of one thread (at most 2 GiB, as in Kafka). */
    int dedupeBufferPerThread() {
        return (int) Math.min(dedupeBufferSize / Math.max(1, threads), Integer.MAX_VALUE);
    }

    /** Each thread's read and write buffers share {@code ioBufferSize / threads}. */
    int ioBufferPerThread() {
        return Math.max(1024, ioBufferSize / Math.max(1, threads) / 2);
    }
}
