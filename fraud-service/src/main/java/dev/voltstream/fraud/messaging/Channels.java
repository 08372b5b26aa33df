package dev.voltstream.fraud.messaging;

/**
 * Channel names (configured in application.properties): the incoming one; verdicts and alerts go out through the
 * kit's one outbox channel ({@code OutboxRelay.CHANNEL}).
 */
public final class Channels {
    /** Incoming Transaction events. */
    public static final String TRANSACTIONS = "transactions";
    /** CloudEvents source of everything this service emits. */
    public static final String SOURCE = "/voltstream/fraud-service";

    private Channels() {
    }
}
