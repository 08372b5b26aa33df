package dev.voltstream.broker.security;

import java.net.InetAddress;

import org.apache.kafka.common.security.auth.PlaintextAuthenticationContext;

/**
 * The authentication context a {@code principal.builder.class} gets for a PLAINTEXT connection: Kafka's, plus the
 * client id of the request (so a builder may map client ids to users, as the tests' builder does).
 */
public final class ClientAuthenticationContext extends PlaintextAuthenticationContext {
    private final String clientId;

    public ClientAuthenticationContext(InetAddress clientAddress, String listenerName, String clientId) {
        super(clientAddress, listenerName);
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }
}
