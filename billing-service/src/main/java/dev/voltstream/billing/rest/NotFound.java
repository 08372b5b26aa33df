package dev.voltstream.billing.rest;

/** The requested account or invoice does not exist (HTTP 404). */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
