package dev.voltstream.broker.quota;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whom a client quota applies to (Kafka's ClientQuotaEntity): a user, a client id, or a user and client id; a null
 * name stands for the default of that entity type ({@code --entity-default}).
 */
public record QuotaEntity(Map<String, String> parts) {
    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";

    public QuotaEntity {
        parts = Collections.unmodifiableMap(new TreeMap<>(parts));
    }

    public static QuotaEntity of(String user, String clientId, boolean withUser, boolean withClient) {
        Map<String, String> parts = new TreeMap<>();
        if (withUser) {
            parts.put(USER, user);
        }
        if (withClient) {
            parts.put(CLIENT_ID, clientId);
        }
        return new QuotaEntity(parts);
    }
}
