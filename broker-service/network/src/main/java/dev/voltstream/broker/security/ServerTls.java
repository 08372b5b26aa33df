package dev.voltstream.broker.security;

import java.security.NoSuchAlgorithmException;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLEngine;

import org.apache.kafka.common.config.SslClientAuth;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

/**
 * The server side of TLS on one listener, configured with Kafka's {@code ssl.*} names (key and trust stores in PKCS12,
 * JKS or PEM, {@code ssl.client.auth}, {@code ssl.enabled.protocols}, {@code ssl.cipher.suites}). Kafka's own
 * {@link DefaultSslEngineFactory} loads the key material, so every store format and option Kafka accepts is accepted
 * here. The engine is OpenSSL (BoringSSL through netty-tcnative) when it is available, the JDK's otherwise;
 * {@code voltstream.ssl.engine} = {@code openssl} or {@code jdk} forces one.
 */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    public static final String ENGINE_CONFIG = "voltstream.ssl.engine";

    private final DefaultSslEngineFactory jdk;
    private final SslContext openSsl;

    private ServerTls(DefaultSslEngineFactory jdk, SslContext openSsl) {
        this.jdk = jdk;
        this.openSsl = openSsl;
    }

    public static ServerTls from(ListenerConfigs listener) {
        Map<String, Object> parsed = listener.parsedSsl();
        String clientAuth = listener.get(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG)
                .orElse(BrokerSecurityConfigs.SSL_CLIENT_AUTH_DEFAULT).toLowerCase(Locale.ROOT);
        if (SslClientAuth.forConfig(clientAuth) == null) {
            throw new IllegalArgumentException("Invalid ssl.client.auth '" + clientAuth + "' on listener "
                    + listener.listenerName() + ": required, requested or none");
        }
        parsed.put(BrokerSecurityConfigs.SSL_CLIENT_AUTH_CONFIG, clientAuth);
        if (parsed.get(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG) == null
                && parsed.get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG) == null) {
            throw new IllegalArgumentException("Listener " + listener.listenerName() + " speaks TLS but has no key"
                    + " store: set ssl.keystore.location or ssl.keystore.certificate.chain and ssl.keystore.key");
        }
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        factory.configure(parsed);
        String engine = listener.get(ENGINE_CONFIG).orElse("auto").toLowerCase(Locale.ROOT);
        boolean useOpenSsl = switch (engine) {
            case "jdk" -> false;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException(ENGINE_CONFIG + "=openssl on listener "
                            + listener.listenerName() + " but OpenSSL is not available: " + OpenSsl.unavailabilityCause());
                }
                yield true;
            }
            case "auto" -> OpenSsl.isAvailable();
            default -> throw new IllegalArgumentException("Invalid " + ENGINE_CONFIG + " '" + engine
                    + "': auto, openssl or jdk");
        };
        SslContext openSsl = useOpenSsl ? openSslContext(factory, parsed, clientAuth) : null;
        LOG.info("Listener {}: TLS with the {} engine, client auth {}", listener.listenerName(),
                useOpenSsl ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK", clientAuth);
        return new ServerTls(factory, openSsl);
    }

    /** Which TLS implementation serves the listener: {@code openssl} or {@code jdk}. */
    public String engineName() {
        return openSsl != null ? "openssl" : "jdk";
    }

    /** A handler for one new connection. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        if (openSsl != null) {
            return openSsl.newHandler(alloc);
        }
        SSLEngine engine = jdk.createServerSslEngine(null, -1);
        return new SslHandler(engine);
    }

    @SuppressWarnings("unchecked")
    private static SslContext openSslContext(DefaultSslEngineFactory factory, Map<String, Object> parsed,
                                             String clientAuth) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(KeyMaterial.keyManagers(factory, parsed))
                    .trustManager(KeyMaterial.trustManagers(factory))
                    .sslProvider(SslProvider.OPENSSL)
                    .clientAuth(switch (SslClientAuth.forConfig(clientAuth)) {
                        case REQUIRED -> ClientAuth.REQUIRE;
                        case REQUESTED -> ClientAuth.OPTIONAL;
                        case NONE -> ClientAuth.NONE;
                    });
            List<String> protocols = (List<String>) parsed.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);
            if (protocols != null && !protocols.isEmpty()) {
                builder.protocols(protocols);
            }
            List<String> ciphers = (List<String>) parsed.get(SslConfigs.SSL_CIPHER_SUITES_CONFIG);
            if (ciphers != null && !ciphers.isEmpty()) {
                builder.ciphers(ciphers);
            }
            return builder.build();
        } catch (NoSuchAlgorithmException | KeyStoreException | UnrecoverableKeyException
                 | javax.net.ssl.SSLException e) {
            throw new IllegalArgumentException("Cannot set up OpenSSL TLS: " + e.getMessage(), e);
        }
    }
}
