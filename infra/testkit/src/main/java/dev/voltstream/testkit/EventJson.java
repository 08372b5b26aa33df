package dev.voltstream.testkit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON mapping of events on the wire, for code outside Quarkus (tests, the end-to-end checks). It matches what
 * Quarkus's own {@code ObjectMapper} does by default, so a service needs no customizer:
 * <ul>
 *   <li>{@code java.time} via {@link JavaTimeModule}; instants as ISO-8601 strings
 *   ({@code "2026-11-25T10:15:30Z"}), not epoch numbers;</li>
 *   <li>unknown properties are ignored (a tolerant reader: a producer may add a field before its consumers know
 *   it; the JSON Schemas, which forbid unknown fields, are what catches a producer's mistakes);</li>
 *   <li>nulls are written (optional fields appear as {@code null});</li>
 *   <li>{@code BigDecimal} as a JSON number, written plain ({@code 1000.00}, never {@code 1.00E+3}).</li>
 * </ul>
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = newMapper();

    private EventJson() {
    }

    /** The shared, configured mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new mapper with the event configuration. */
    public static ObjectMapper newMapper() {
        return configure(new ObjectMapper());
    }

    /** Applies the event configuration to a mapper and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** The JSON of a value (an event record). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Reads JSON into a type (an event record). */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Parses JSON into a tree. */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
