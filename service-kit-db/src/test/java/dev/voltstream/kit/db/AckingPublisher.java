package dev.voltstream.kit.db;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** A non-transactional publisher for tests of the round alone: {@code send} answers each row with a stage. */
final class AckingPublisher implements OutboxPublisher {
    private final Function<OutboxEvent, CompletionStage<Void>> send;

    AckingPublisher(Function<OutboxEvent, CompletionStage<Void>> send) {
        this.send = send;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public void begin() {
    }

    @Override
    public CompletionStage<Void> send(OutboxEvent row) {
        return send.apply(row);
    }

    @Override
    public void commit() {
    }

    @Override
    public void abort() {
    }

    @Override
    public void close() {
    }
}
