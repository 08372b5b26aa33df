package dev.voltstream.broker.security;

import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import org.apache.kafka.common.config.SslClientAuth;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * TLS for the metadata quorum (Raft over gRPC) when the controller listener ({@code controller.listener.names}, the
 * first) speaks SSL: this broker's key (its key store: the certificate it serves the quorum with and shows the other
 * voters) and the CAs it checks theirs against (its trust store), from the listener's {@code ssl.*} settings;
 * {@code ssl.client.auth=required} makes it mutual, so only holders of a trusted certificate take part. A controller
 * listener without a {@code listener.security.protocol.map} entry stays PLAINTEXT as before. SASL is refused: the
 * Raft transport has no SASL exchange.
 *
 * @param keyManager   this broker's key and certificate
 * @param trustManager the CAs the other voters' certificates must chain to
 * @param mutual       whether the quorum's servers require the other side's certificate
 */
public record ControllerTls(KeyManager keyManager, TrustManager trustManager, boolean mutual) {

    /** Empty when the controller listener is PLAINTEXT (or has no protocol mapped). */
    public static Optional<ControllerTls> from(BrokerConfig config, String controllerListener) {
        SecurityProtocol protocol;
        try {
            protocol = new SecurityProtocolMap(config).protocolOf(controllerListener);
        } catch (IllegalArgumentException unmapped) {
            return Optional.empty();
        }
        if (protocol == SecurityProtocol.PLAINTEXT) {
            return Optional.empty();
        }
        if (protocol != SecurityProtocol.SSL) {
            throw new IllegalArgumentException("The controller listener " + controllerListener + " speaks "
                    + protocol + ": the metadata quorum (Raft over gRPC) speaks PLAINTEXT or SSL only; use SSL with "
                    + "ssl.client.auth=required to authenticate the voters by certificate");
        }
        ListenerConfigs listener = new ListenerConfigs(config, controllerListener);
        Map<String, Object> parsed = listener.parsedSsl();
        if (parsed.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) == null
                && parsed.get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG) == null) {
            throw new IllegalArgumentException("The controller listener " + controllerListener + " speaks SSL but "
                    + "has no key store: set ssl.keystore.location or ssl.keystore.certificate.chain and "
                    + "ssl.keystore.key");
        }
        String clientAuth = listener.get(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG)
                .orElse(BrokerSecurityConfigs.SSL_CLIENT_AUTH_DEFAULT).toLowerCase(Locale.ROOT);
        if (SslClientAuth.forConfig(clientAuth) == null) {
            throw new IllegalArgumentException("Invalid ssl.client.auth '" + clientAuth + "' on listener "
                    + controllerListener + ": required, requested or none");
        }
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        factory.configure(parsed);
        try {
            return Optional.of(new ControllerTls(KeyMaterial.keyManagers(factory, parsed).getKeyManagers()[0],
                    KeyMaterial.trustManagers(factory).getTrustManagers()[0],
                    SslClientAuth.forConfig(clientAuth) == SslClientAuth.REQUIRED));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the controller listener " + controllerListener
                    + ": " + e.getMessage(), e);
        }
    }
}
