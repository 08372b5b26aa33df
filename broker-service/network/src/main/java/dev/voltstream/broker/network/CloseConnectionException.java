package dev.voltstream.broker.network;

/** Thrown by a handler when the only correct answer is to close the connection (e.g. a failed acks=0 produce). */
public final class CloseConnectionException extends RuntimeException {
    public CloseConnectionException(String message) {
        super(message);
    }
}
