package dev.voltstream.broker.console.security;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * HTTPS for the console ({@code console.listener=https://...}) with the broker's key material options: every
 * {@code ssl.*} setting of the broker's SSL listeners ({@code ssl.keystore.type} PKCS12, JKS or PEM,
 * {@code ssl.keystore.location}/{@code .password}, {@code ssl.key.password}, {@code ssl.keystore.certificate.chain}/
 * {@code .key}, {@code ssl.enabled.protocols}, {@code ssl.cipher.suites}) can be given as {@code console.ssl.*}, which
 * overrides the broker-wide {@code ssl.*} one by one (Kafka's rule for {@code listener.name.<name>.} settings; a blank
 * {@code console.ssl.*} value unsets it). Kafka's {@link DefaultSslEngineFactory} loads the stores, as for the Kafka
 * listeners. Client certificates are not asked for.
 */
public final class ConsoleTls {
    static final String PREFIX = "console.";

    private ConsoleTls() {
    }

    /** The HTTPS set-up {@code config} describes; refuses to start without a key store. */
    @SuppressWarnings("unchecked")
    public static HttpsConfigurator configurator(BrokerConfig config) {
        Map<String, String> raw = new HashMap<>();
        config.values().forEach((k, v) -> {
            if (k.startsWith("ssl.") && !k.equals("ssl.client.auth")) {
                raw.put(k, v);
            }
        });
        config.values().forEach((k, v) -> {
            if (k.startsWith(PREFIX + "ssl.")) {
                raw.put(k.substring(PREFIX.length()), v);
            }
        });
        raw.values().removeIf(String::isBlank);
        Map<String, Object> parsed = new ConfigDef().withClientSslSupport().parse(raw);
        if (parsed.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) == null
                && parsed.get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG) == null) {
            throw new IllegalArgumentException("console.listener is https but there is no key store: set "
                    + "console.ssl.keystore.location (or console.ssl.keystore.certificate.chain and "
                    + "console.ssl.keystore.key)");
        }
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        factory.configure(parsed);
        SSLContext context = factory.sslContext();
        List<String> protocols = (List<String>) parsed.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);
        List<String> ciphers = (List<String>) parsed.get(SslConfigs.SSL_CIPHER_SUITES_CONFIG);
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                if (protocols != null && !protocols.isEmpty()) {
                    ssl.setProtocols(protocols.toArray(String[]::new));
                }
                if (ciphers != null && !ciphers.isEmpty()) {
                    ssl.setCipherSuites(ciphers.toArray(String[]::new));
                }
                ssl.setNeedClientAuth(false);
                params.setSSLParameters(ssl);
            }
        };
    }
}
