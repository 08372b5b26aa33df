package dev.voltstream.testkit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates event JSON against event-contracts' JSON Schemas (draft 2020-12), which live on the classpath at
 * {@code /schemas/<RecordName>.schema.json} with {@code $id} {@value #BASE_URI}{@code <RecordName>.schema.json};
 * references between them ({@code "$ref": "GeoLocation.schema.json"}) resolve on the classpath too. Formats
 * ({@code date-time}) are asserted, not just annotated. Needs event-contracts on the test classpath.
 */
public final class EventSchemas {
    /** The {@code $id} prefix of every schema; mapped to {@code classpath:schemas/}, never fetched. */
    public static final String BASE_URI = "https://voltstream.dev/schemas/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    /** Reads numbers exactly (BigDecimal), so {@code minimum} checks the amount as written. */
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /**
     * The violations of {@code json} against the schema of the event record {@code eventRecordName} (its simple class
     * name, e.g. {@code "Transaction"}), one readable line each; empty when valid.
     *
     * @throws IllegalArgumentException when there is no such schema or {@code json} is not JSON
     */
    public static List<String> validate(String eventRecordName, String json) {
        JsonNode node;
        try {
            node = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        return schema(eventRecordName).validate(node).stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** Serializes an event with {@link EventJson} and validates it against the schema of its class. */
    public static List<String> validate(Object event) {
        return validate(event.getClass().getSimpleName(), EventJson.write(event));
    }

    /** Throws an {@link AssertionError} listing the violations unless {@code json} is valid. */
    public static void assertValid(String eventRecordName, String json) {
        List<String> errors = validate(eventRecordName, json);
        if (!errors.isEmpty()) {
            throw new AssertionError(eventRecordName + " JSON violates its schema: " + errors + "\n" + json);
        }
    }

    /** Throws an {@link AssertionError} unless the event, as {@link EventJson} writes it, is valid. */
    public static void assertValid(Object event) {
        assertValid(event.getClass().getSimpleName(), EventJson.write(event));
    }

    /** The compiled schema of an event record. */
    public static JsonSchema schema(String eventRecordName) {
        return SCHEMAS.computeIfAbsent(eventRecordName, EventSchemas::load);
    }

    private static JsonSchema load(String eventRecordName) {
        String resource = "schemas/" + eventRecordName + ".schema.json";
        if (Thread.currentThread().getContextClassLoader().getResource(resource) == null
                && EventSchemas.class.getClassLoader().getResource(resource) == null) {
            throw new IllegalArgumentException("no /" + resource + " on the classpath (is event-contracts a dependency?)");
        }
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_URI + eventRecordName + ".schema.json"), CONFIG);
        schema.initializeValidators();
        return schema;
    }
}
