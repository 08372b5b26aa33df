package dev.voltstream.broker.network;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that logs rejected requests and closed connections: one WARN line each (client address, API, reason;
 * never a stack trace for what a client sent), at most {@link #LINES_PER_WINDOW} lines per 10 seconds. What is
 * dropped above that is counted by cause and summarised in one line when the next window opens, so a client sending
 * garbage at line rate costs a few lines a second, not the disk.
 */
public final class RejectionLog {
    static final int LINES_PER_WINDOW = 20;
    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);
    private static final RejectionLog SHARED = new RejectionLog((line, error) -> LOG.warn(line, error),
            System::nanoTime);

    private final BiConsumer<String, Throwable> sink;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int linesInWindow;
    private final Map<String, Integer> suppressed = new TreeMap<>();

    /** {@code sink} writes one line (with the stack trace of its throwable, if not null). */
    RejectionLog(BiConsumer<String, Throwable> sink, LongSupplier nanoClock) {
        this.sink = sink;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /** The broker-wide instance (the limit is about the log file, shared by every listener). */
    public static RejectionLog shared() {
        return SHARED;
    }

    /**
     * Logs {@code message} unless this window's quota is used up; then counts it under {@code cause} (a short,
     * low-cardinality key such as "malformed request" or "too many connections").
     */
    public void reject(String cause, String message) {
        if (admit(cause)) {
            sink.accept(message, null);
        }
    }

    /** A broker bug rather than a client's fault: logged with its stack trace, within the same quota. */
    public void failure(String cause, String message, Throwable error) {
        if (admit(cause)) {
            sink.accept(message, error);
        }
    }

    private boolean admit(String cause) {
        String summary = null;
        boolean admitted;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (now - windowStart >= WINDOW_NANOS) {
                if (!suppressed.isEmpty()) {
                    summary = "Suppressed " + suppressed.values().stream().mapToInt(Integer::intValue).sum()
                            + " similar lines in the last " + (now - windowStart) / 1_000_000_000L + " s: "
                            + suppressed;
                    suppressed.clear();
                }
                windowStart = now;
                linesInWindow = 0;
            }
            admitted = linesInWindow < LINES_PER_WINDOW;
            if (admitted) {
                linesInWindow++;
            } else {
                suppressed.merge(cause, 1, Integer::sum);
            }
        }
        if (summary != null) {
            sink.accept(summary, null);
        }
        return admitted;
    }
}
