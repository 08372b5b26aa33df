package dev.voltstream.fraud.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.Event;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;

/**
 * JSON of events on the wire, with Quarkus' ObjectMapper (JavaTimeModule, ISO-8601 instants, BigDecimal as numbers,
 * unknown properties ignored so producers can add fields).
 */
@ApplicationScoped
public class EventCodec {
    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Event event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code json}; a malformed document throws {@link JsonProcessingException}. */
    public <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return mapper.readValue(json, type);
    }
}
