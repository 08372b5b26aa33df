package dev.voltstream.billing.messaging;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.Event;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a record's JSON payload as the event its type announces; anything unreadable is a poison record. */
@ApplicationScoped
public class EventReader {
    private final ObjectMapper mapper;

    public EventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The event; throws {@link PoisonRecordException} for an empty or unreadable payload. */
    public <T extends Event> T read(String payload, Class<T> eventClass) {
        if (payload == null || payload.isBlank()) {
            throw new PoisonRecordException("empty payload for " + eventClass.getSimpleName(), null);
        }
        try {
            return mapper.readValue(payload, eventClass);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new PoisonRecordException("cannot read " + eventClass.getSimpleName() + ": " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    }
}
