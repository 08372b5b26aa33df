package dev.voltstream.fraud.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.voltstream.fraud.service.EventCodec;

import java.io.UncheckedIOException;

/** Reads an event back from the JSON stored with it. */
final class StoredEvents {
    private StoredEvents() {
    }

    static <T> T read(EventCodec codec, String json, Class<T> type) {
        try {
            return codec.read(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored " + type.getSimpleName() + " is not readable", e);
        }
    }
}
