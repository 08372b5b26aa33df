package dev.voltstream.billing.service;

/** What consuming an event did. */
public enum Outcome {
    /** The effect was applied (invoice issued, payment posted). */
    APPLIED,
    /** The event (or its cause) was seen before; nothing changed. */
    DUPLICATE,
    /** Recorded as processed, with no effect by design (e.g. a declined verdict). */
    IGNORED
}
