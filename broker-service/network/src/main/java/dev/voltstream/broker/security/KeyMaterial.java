package dev.voltstream.broker.security;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * The JDK's key and trust managers over the stores Kafka's {@link DefaultSslEngineFactory} loaded from a listener's
 * {@code ssl.*} settings, for TLS engines other than the JDK's default one (OpenSSL, the metadata quorum's gRPC).
 */
final class KeyMaterial {
    private KeyMaterial() {
    }

    /** Key managers over the key store; the key's password is {@code ssl.key.password}, else the store's (not PEM). */
    static KeyManagerFactory keyManagers(DefaultSslEngineFactory factory, Map<String, Object> parsed)
            throws NoSuchAlgorithmException, KeyStoreException, UnrecoverableKeyException {
        KeyStore keystore = factory.keystore();
        Password keyPassword = (Password) parsed.get(SslConfigs.SSL_KEY_PASSWORD_CONFIG);
        Password storePassword = (Password) parsed.get(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG);
        boolean pem = DefaultSslEngineFactory.PEM_TYPE.equals(parsed.get(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG))
                || parsed.get(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG) != null;
        Password password = keyPassword != null ? keyPassword : pem ? null : storePassword;
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keystore, password == null ? null : password.value().toCharArray());
        return kmf;
    }

    /** Trust managers over the trust store (the JDK's default CAs without one). */
    static TrustManagerFactory trustManagers(DefaultSslEngineFactory factory)
            throws NoSuchAlgorithmException, KeyStoreException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(factory.truststore());
        return tmf;
    }
}
