package dev.voltstream.notification.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.contracts.Event;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.kit.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * What notification-service requires of an event: every reference-typed field present except the few that may be
 * null on the wire. {@link #requireFields} is the validator of the consumers' routes; {@link #read} parses (with the
 * kit's {@link EventCodec}) and checks in one go.
 */
@ApplicationScoped
public class EventReader {
    /** Record components that may be null on the wire; every other reference-typed component is required. */
    static final Set<String> OPTIONAL = Set.of("previous", "location", "detail", "currency", "cause", "causeId",
            "invoiceId", "terminalId", "reasons", "transaction");

    private final EventCodec codec;

    EventReader(ObjectMapper mapper) {
        this.codec = new EventCodec(mapper);
    }

    /** The event, or a {@link PoisonRecordException} saying why the value is unusable. */
    public <E extends Event> E read(String json, Class<E> type) {
        E event = codec.read(json, type);
        requireFields(event);
        return event;
    }

    /** Throws {@link PoisonRecordException} naming the first required field the event lacks. */
    public static void requireFields(Event event) {
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
