package dev.voltstream.billing.messaging;

/** A record that cannot be read as the event its type announces; it goes to the dead-letter topic. */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
