package dev.voltstream.stationproducer.rest;

/** The broker did not acknowledge an event emitted on request (REST answers 503). */
public class EventNotPublishedException extends RuntimeException {
    public EventNotPublishedException(Throwable cause) {
        super("the broker did not acknowledge the event: " + cause.getMessage(), cause);
    }
}
