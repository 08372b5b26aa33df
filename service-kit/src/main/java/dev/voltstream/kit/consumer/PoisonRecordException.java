package dev.voltstream.kit.consumer;

/**
 * A record that can never be processed (no or an unknown CloudEvents type, not JSON, not the event its type says, a
 * required field missing, a value that makes no sense): it goes to the dead-letter topic with this message as its
 * {@code dead-letter-reason} header, and is never retried.
 */
public class PoisonRecordException extends RuntimeException {
    public PoisonRecordException(String reason) {
        super(reason);
    }

    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
