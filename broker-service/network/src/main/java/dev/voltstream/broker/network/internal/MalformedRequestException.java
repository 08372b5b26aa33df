package dev.voltstream.broker.network.internal;

/** A request whose header or body cannot be parsed; the connection is closed, as Kafka does. */
public final class MalformedRequestException extends RuntimeException {
    public MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
