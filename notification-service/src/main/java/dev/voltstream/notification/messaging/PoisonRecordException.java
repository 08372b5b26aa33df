package dev.voltstream.notification.messaging;

/** A record that can never be processed (not JSON, not the event its type says, missing fields): dead-letter it. */
public class PoisonRecordException extends RuntimeException {
    /** @param reason why the record is unusable; ends up in the dead-letter-reason header */
    public PoisonRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** @param reason why the record is unusable; ends up in the dead-letter-reason header */
    public PoisonRecordException(String reason) {
        super(reason);
    }
}
