package dev.voltstream.billing.rest;

/** The request's parameters are invalid (HTTP 400). */
public class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
