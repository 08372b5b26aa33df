package dev.voltstream.broker.security;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * How one listener secures its connections: its security protocol, TLS when it speaks SSL or SASL_SSL, its SASL
 * mechanisms when it speaks SASL_PLAINTEXT or SASL_SSL, and Kafka's {@link DefaultKafkaPrincipalBuilder} (with
 * {@code ssl.principal.mapping.rules}) naming the principal a connection authenticated as.
 *
 * @param reauthMs            {@code connections.max.reauth.ms} (KIP-368); 0 keeps a SASL session for the connection's
 *                            life
 * @param failedAuthDelayMs   {@code connection.failed.authentication.delay.ms}: how long the answer to a failed SASL
 *                            authentication is held back before it is sent and the connection closed, as in Kafka
 */
public record ListenerSecurity(String listenerName, SecurityProtocol protocol, ServerTls tls, SaslMechanisms sasl,
                               KafkaPrincipalBuilder principals, long reauthMs, long failedAuthDelayMs) {

    /** A PLAINTEXT listener: every connection is {@code User:ANONYMOUS}. */
    public static ListenerSecurity plaintext(String listenerName) {
        return new ListenerSecurity(listenerName, SecurityProtocol.PLAINTEXT, null, null,
                new DefaultKafkaPrincipalBuilder(null, null), 0, 0);
    }

    public static ListenerSecurity from(BrokerConfig config, String listenerName, ScramCredentialStore scram) {
        SecurityProtocol protocol = new SecurityProtocolMap(config).protocolOf(listenerName);
        ListenerConfigs values = new ListenerConfigs(config, listenerName);
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
        boolean sasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        SslPrincipalMapper mapper = SslPrincipalMapper.fromRules(values
                .get(BrokerSecurityConfigs.SSL_PRINCIPAL_MAPPING_RULES_CONFIG)
                .orElse(BrokerSecurityConfigs.DEFAULT_SSL_PRINCIPAL_MAPPING_RULES));
        return new ListenerSecurity(listenerName, protocol, tls ? ServerTls.from(values) : null,
                sasl ? SaslMechanisms.from(values, scram) : null, new DefaultKafkaPrincipalBuilder(null, mapper),
                values.getLong(BrokerSecurityConfigs.CONNECTIONS_MAX_REAUTH_MS_CONFIG, 0),
                values.getLong("connection.failed.authentication.delay.ms", TimeUnit.MILLISECONDS.toMillis(100)));
    }

    public boolean usesTls() {
        return tls != null;
    }

    public boolean usesSasl() {
        return sasl != null;
    }
}
