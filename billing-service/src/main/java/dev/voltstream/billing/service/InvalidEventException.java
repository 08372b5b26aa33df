package dev.voltstream.billing.service;

/**
 * An event that parsed but makes no sense (missing ids, negative energy, a verdict without its transaction...).
 * Retrying cannot help: the consumer sends it to the dead-letter topic.
 */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
