package dev.voltstream.broker.transaction;

import java.io.IOException;

import org.apache.kafka.common.protocol.Errors;

/** A write of the coordinator's state that did not become durable, with the error its client gets. */
final class StateWriteException extends IOException {
    private final transient Errors error;

    StateWriteException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    Errors error() {
        return error;
    }
}
