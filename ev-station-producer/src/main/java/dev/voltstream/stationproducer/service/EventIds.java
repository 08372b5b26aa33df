package dev.voltstream.stationproducer.service;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Generated ids: {@code evt-<run>-<n>}, {@code tx-<run>-<n>}, {@code ses-<run>-<n>}. The run id keeps a restarted
 * producer from reusing the ids of an earlier run (consumers would drop them as redeliveries). Thread-safe.
 */
public final class EventIds {
    private final String runId;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();

    public EventIds(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run id must not be blank");
        }
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }

    public String eventId() {
        return "evt-" + runId + "-" + events.incrementAndGet();
    }

    public String transactionId() {
        return "tx-" + runId + "-" + transactions.incrementAndGet();
    }

    public String sessionId() {
        return "ses-" + runId + "-" + sessions.incrementAndGet();
    }
}
