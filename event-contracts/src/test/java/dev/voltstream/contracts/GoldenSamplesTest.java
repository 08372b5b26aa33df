package dev.voltstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;

import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import dev.voltstream.testkit.EventSchemas;

/**
 * Every golden sample is valid against its schema and survives the services' JSON mapping unchanged: JSON → record →
 * JSON gives the same document, so what consumers are tested against is exactly what producers write.
 */
class GoldenSamplesTest {

    static Stream<Class<? extends Event>> eventClasses() {
        return EventTypes.CLASSES.values().stream().sorted(Comparator.comparing(Class::getSimpleName));
    }

    @ParameterizedTest
    @MethodSource("eventClasses")
    void sampleIsValidAgainstItsSchema(Class<? extends Event> type) {
        assertThat(EventSchemas.validate(type.getSimpleName(), EventSamples.json(type.getSimpleName()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("eventClasses")
    void sampleRoundTripsThroughTheRecord(Class<? extends Event> type) {
        String golden = EventSamples.json(type.getSimpleName());

        Event event = EventJson.read(golden, type);
        String written = EventJson.write(event);

        assertThat(EventJson.tree(written).equals(NUMBERS_BY_VALUE, EventJson.tree(golden)))
                .as("%s written back:%n%s%ngolden:%n%s", type.getSimpleName(), written, golden)
                .isTrue();
        assertThat(EventJson.read(written, type)).isEqualTo(event);
        assertThat(EventSchemas.validate(event)).isEmpty();
        assertThat(event.eventId()).isNotBlank();
        assertThat(event.occurredAt()).isNotNull();
    }

    /** 42.50 and 42.5 are the same amount: compare numbers by value, everything else exactly. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a instanceof NumericNode && b instanceof NumericNode) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
}
