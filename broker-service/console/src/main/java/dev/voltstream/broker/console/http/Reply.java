package dev.voltstream.broker.console.http;

import java.nio.charset.StandardCharsets;

/** A response: status, content type and body bytes (empty for 204). */
public record Reply(int status, String contentType, byte[] body) {

    public static Reply json(int status, Object value) {
        return new Reply(status, "application/json", Json.write(value));
    }

    public static Reply ok(Object value) {
        return json(200, value);
    }

    public static Reply noContent() {
        return new Reply(204, null, new byte[0]);
    }

    public static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }
}
