package dev.voltstream.billing.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Writes amounts plain ({@code 1000.00}, never {@code 1.00E+3}), as every Voltstream service does on the wire; the
 * rest of the event mapping (ISO-8601 instants, tolerant reading) is Quarkus's default.
 */
@Singleton
public class EventJsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
}
