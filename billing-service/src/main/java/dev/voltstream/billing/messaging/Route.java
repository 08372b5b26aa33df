package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.Outcome;
import dev.voltstream.contracts.Event;

import java.util.function.Function;

/**
 * What a consumer does with one CloudEvents type: read it as a record and hand it to a service, or ignore it on
 * purpose (a known type this service has no use for).
 *
 * @param type    the CloudEvents type
 * @param eventClass the record the payload is read as (null when ignored)
 * @param handler the effect (null when ignored)
 */
public record Route<T extends Event>(String type, Class<T> eventClass, Function<T, Outcome> handler) {

    /** Handle the type with the given service call. */
    public static <T extends Event> Route<T> handle(String type, Class<T> eventClass, Function<T, Outcome> handler) {
        return new Route<>(type, eventClass, handler);
    }

    /** Acknowledge the type without reading it. */
    public static Route<Event> ignore(String type) {
        return new Route<>(type, null, null);
    }

    /** The route of the type among the routes, or null when the type is unknown. */
    public static Route<?> find(java.util.List<Route<?>> routes, String type) {
        for (Route<?> route : routes) {
            if (route.type().equals(type)) {
                return route;
            }
        }
        return null;
    }

    /** Whether this type is skipped on purpose. */
    public boolean ignored() {
        return handler == null;
    }
}
