package dev.voltstream.kit.db;

import java.util.concurrent.CompletionStage;

/**
 * Where a relay round sends its rows. A transactional publisher ({@link TransactionalOutboxProducer}) makes a round's
 * rows one Kafka transaction: {@link #begin}, {@link #send} each, {@link #commit}, or {@link #abort} on any failure, so
 * read_committed consumers see all of them or none. A non-transactional one ({@link ChannelOutboxPublisher}) only
 * sends; each row is acknowledged on its own and {@link #begin}, {@link #commit} and {@link #abort} do nothing — the
 * defaults here, so a non-transactional publisher only implements {@link #send}.
 */
@FunctionalInterface
public interface OutboxPublisher extends AutoCloseable {
    /** Whether {@link #commit} makes the round's rows visible together (and {@link #abort} hides them). */
    default boolean transactional() {
        return false;
    }

    /** Starts the round's transaction. */
    default void begin() {
    }

    /** Sends a row; the stage completes on the broker's acknowledgement (a transactional row: once it is written). */
    CompletionStage<Void> send(OutboxEvent row);

    /** Commits the round's transaction: returns once the broker committed it; throws when it did not (or may not). */
    default void commit() {
    }

    /** Aborts the round's transaction after a failure, leaving the publisher ready for the next round; never throws. */
    default void abort() {
    }

    /** Releases the producer. */
    @Override
    default void close() {
    }
}
