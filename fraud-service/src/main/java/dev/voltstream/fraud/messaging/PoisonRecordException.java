package dev.voltstream.fraud.messaging;

/** A record that can never be processed (unparseable or invalid): it goes to the dead-letter topic, never retried. */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
