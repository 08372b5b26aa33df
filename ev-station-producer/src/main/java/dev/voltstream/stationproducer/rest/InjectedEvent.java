package dev.voltstream.stationproducer.rest;

import dev.voltstream.contracts.Event;
import dev.voltstream.stationproducer.messaging.Route;

/** An event emitted on request: where it went (topic, key, CloudEvents type) and the event itself. */
public record InjectedEvent(String topic, String key, String type, Event event) {

    static InjectedEvent of(Event event) {
        Route route = Route.of(event);
        return new InjectedEvent(route.topic(), route.key(), route.type(), event);
    }
}
