package dev.voltstream.broker.security.audit;

import java.time.Instant;

/**
 * One decision: who ({@code principal} from {@code host}) asked to do what ({@code operation} on the resource
 * {@code resourceType}/{@code resourceName}), whether it was {@code allowed}, and through what ({@code source}:
 * {@code kafka} for a Kafka request's ACL check, {@code console} for the console's login and ACL checks).
 * {@code reason} (may be null) says why a login failed.
 */
public record AuditEntry(Instant time, String source, String principal, String host, String operation,
                         String resourceType, String resourceName, boolean allowed, String reason) {

    /** The entry as one line of JSON (no line break inside: every string is escaped). */
    public String toJson() {
        StringBuilder json = new StringBuilder(192).append('{');
        field(json, "time", time.toString()).append(',');
        field(json, "source", source).append(',');
        field(json, "principal", principal).append(',');
        field(json, "host", host).append(',');
        field(json, "operation", operation).append(',');
        field(json, "resourceType", resourceType).append(',');
        field(json, "resourceName", resourceName).append(',');
        field(json, "decision", allowed ? "ALLOWED" : "DENIED");
        if (reason != null) {
            field(json.append(','), "reason", reason);
        }
        return json.append('}').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
