package dev.voltstream.broker.security;

import org.apache.kafka.common.security.auth.AuthenticationContext;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;

/**
 * A test {@code principal.builder.class}: a PLAINTEXT client with client id {@code alice} or {@code alice#anything}
 * is {@code User:alice}, so tests can act as several users without SASL.
 */
public final class ClientIdPrincipalBuilder implements KafkaPrincipalBuilder {
    @Override
    public KafkaPrincipal build(AuthenticationContext context) {
        if (context instanceof ClientAuthenticationContext client && client.clientId() != null
                && !client.clientId().isEmpty()) {
            String id = client.clientId();
            int hash = id.indexOf('#');
            return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, hash < 0 ? id : id.substring(0, hash));
        }
        return KafkaPrincipal.ANONYMOUS;
    }
}
