package dev.voltstream.notification.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * Parses a record's JSON value into its event record and checks that every required field is present. Unknown JSON
 * properties are ignored (Quarkus' ObjectMapper default) so producers can add fields without breaking us.
 */
@ApplicationScoped
public class EventReader {
    /** Record components that may be null on the wire; every other reference-typed component is required. */
    static final Set<String> OPTIONAL = Set.of("previous", "location", "detail", "currency", "cause", "causeId",
            "invoiceId", "terminalId", "reasons", "transaction");

    private final ObjectMapper mapper;

    EventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The event, or a {@link PoisonRecordException} saying why the value is unusable. */
    public <E extends Event> E read(String json, Class<E> type) {
        if (json == null || json.isBlank()) {
            throw new PoisonRecordException("empty value for " + type.getSimpleName());
        }
        E event;
        try {
            event = mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        if (event == null) {
            throw new PoisonRecordException("null value for " + type.getSimpleName());
        }
        requireFields(event);
        return event;
    }

    private static void requireFields(Event event) {
        if (!event.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            if (component.getType().isPrimitive() || OPTIONAL.contains(component.getName())) {
                continue;
            }
            Object value;
            try {
                value = component.getAccessor().invoke(event);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            if (value == null || value instanceof String s && s.isBlank()) {
                throw new PoisonRecordException(event.getClass().getSimpleName() + " without " + component.getName());
            }
        }
    }
}
