package dev.voltstream.kit.consumer;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The CloudEvents types one consumer handles (each read as its event class, then checked by a validator that throws
 * {@link PoisonRecordException} for an event that makes no sense), on one topic. A known type the consumer does not
 * handle (in {@link EventTypes#CLASSES}, e.g. SessionStarted for billing) is skipped on purpose and counted; a missing
 * or unknown type is a poison record.
 */
public final class EventRoutes {
    private final String topic;
    private final Map<String, Route<?>> handled = new LinkedHashMap<>();

    private EventRoutes(String topic) {
        this.topic = topic;
    }

    /** Routes for the consumer of {@code topic} (the topic names metrics and logs). */
    public static EventRoutes on(String topic) {
        return new EventRoutes(topic);
    }

    /** Handles {@code type}, read as {@code eventClass}, with no check beyond parsing. */
    public <E extends Event> EventRoutes handle(String type, Class<E> eventClass) {
        return handle(type, eventClass, event -> {
        });
    }

    /** Handles {@code type}, read as {@code eventClass} and checked by {@code validator}. */
    public <E extends Event> EventRoutes handle(String type, Class<E> eventClass, Consumer<? super E> validator) {
        handled.put(type, new Route<>(eventClass, validator));
        return this;
    }

    public String topic() {
        return topic;
    }

    /** The types this consumer handles. */
    public Set<String> handledTypes() {
        return handled.keySet();
    }

    Route<?> route(String type) {
        return handled.get(type);
    }

    /** Whether {@code type} is one of the system's event types (or one this consumer handles). */
    boolean known(String type) {
        return handled.containsKey(type) || EventTypes.CLASSES.containsKey(type);
    }

    /** How one type is read and checked. */
    record Route<E extends Event>(Class<E> eventClass, Consumer<? super E> validator) {
    }
}
