package dev.voltstream.kit.events;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.Event;
import dev.voltstream.kit.consumer.PoisonRecordException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/** Events to and from their JSON on the wire, with Quarkus' ObjectMapper (customised by {@link EventJsonCustomizer}). */
@ApplicationScoped
public class EventCodec {
    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The event's JSON, exactly as it goes on the wire. */
    public String write(Object event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /** A record value as {@code type}; an empty, unreadable or {@code null} value is a {@link PoisonRecordException}. */
    public <E extends Event> E read(String json, Class<E> type) {
        if (json == null || json.isBlank()) {
            throw new PoisonRecordException("empty value for " + type.getSimpleName());
        }
        E event;
        try {
            event = mapper.readValue(json, type);
        } catch (JacksonException e) {
            throw new PoisonRecordException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PoisonRecordException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (event == null) {
            throw new PoisonRecordException("null value for " + type.getSimpleName());
        }
        return event;
    }

    /** A stored JSON document (written by this service) read back; failing to read it is a bug, not bad input. */
    public <T> T readStored(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " is not readable", e);
        }
    }
}
