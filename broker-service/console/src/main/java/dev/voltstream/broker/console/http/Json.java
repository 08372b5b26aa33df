package dev.voltstream.broker.console.http;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The console's one JSON mapper. Held in a lazily initialised holder so that Jackson is loaded on the first API call,
 * not while the broker starts (the broker must be ready within a second).
 */
public final class Json {
    private Json() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public static byte[] write(Object value) {
        try {
            return Holder.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(InputStream in, Class<T> type) throws IOException {
        return Holder.MAPPER.readValue(in, type);
    }
}
