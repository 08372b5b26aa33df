package dev.voltstream.broker.security;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SASL sessions of the open connections of every SASL listener, by connection id: the network layer opens and
 * closes them with the connection, the SaslHandshake and SaslAuthenticate handlers advance them.
 */
public final class SaslSessions {
    private final Map<String, SaslSession> byConnection = new ConcurrentHashMap<>();

    public void open(String connectionId, SaslSession session) {
        byConnection.put(connectionId, session);
    }

    public void close(String connectionId) {
        SaslSession session = byConnection.remove(connectionId);
        if (session != null) {
            session.close();
        }
    }

    /** The session of a connection; empty when it is not on a SASL listener. */
    public Optional<SaslSession> of(String connectionId) {
        return Optional.ofNullable(byConnection.get(connectionId));
    }

    public int size() {
        return byConnection.size();
    }
}
