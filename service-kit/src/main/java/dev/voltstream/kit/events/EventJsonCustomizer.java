package dev.voltstream.kit.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Amounts as plain JSON numbers ({@code 1000.00}, never {@code 1.00E+3}), as every Voltstream service writes them;
 * the rest (ISO-8601 instants, unknown properties ignored so producers can add fields) is Quarkus' default.
 */
@Singleton
public class EventJsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
