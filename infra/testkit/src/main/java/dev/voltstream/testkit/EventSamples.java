package dev.voltstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * event-contracts' golden sample events, {@code /samples/<RecordName>.json} on the classpath: what a consumer must be
 * able to read.
 */
public final class EventSamples {
    private EventSamples() {
    }

    /** The golden JSON of an event record, e.g. {@code json("Transaction")}. */
    public static String json(String eventRecordName) {
        String resource = "samples/" + eventRecordName + ".json";
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = EventSamples.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalArgumentException("no /" + resource + " on the classpath (is event-contracts a dependency?)");
        }
        try (InputStream stream = in) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden sample of an event record class, read with {@link EventJson}. */
    public static <T> T read(Class<T> type) {
        return EventJson.read(json(type.getSimpleName()), type);
    }
}
