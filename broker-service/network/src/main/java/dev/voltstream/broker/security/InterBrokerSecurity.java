package dev.voltstream.broker.security;

import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslClient;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * The client side of this broker's connections to the other brokers (replica fetchers, transaction markers), secured
 * as Kafka's broker secures them: with the security protocol of {@value #LISTENER_CONFIG}; TLS with that listener's
 * {@code ssl.*} settings (its trust store checks the other brokers' certificates, its key store is this broker's
 * certificate under mutual TLS, {@code ssl.endpoint.identification.algorithm} as in Kafka, default {@code https});
 * SASL with {@value #MECHANISM_CONFIG} and the {@code username}/{@code password} options of the listener's JAAS entry
 * for that mechanism ({@code listener.name.<listener>.<mechanism>.sasl.jaas.config}, or a {@code KafkaServer}
 * section of a JAAS file), the credentials Kafka's broker logs in to the others with.
 */
public final class InterBrokerSecurity {
    public static final String LISTENER_CONFIG = "inter.broker.listener.name";
    public static final String PROTOCOL_CONFIG = "security.inter.broker.protocol";
    public static final String MECHANISM_CONFIG = "sasl.mechanism.inter.broker.protocol";
    private static final String ENDPOINT_IDENTIFICATION = SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;

    private final String listenerName;
    private final SecurityProtocol protocol;
    /** Null without TLS. */
    private final DefaultSslEngineFactory tls;
    private final String endpointIdentification;
    /** Null without SASL. */
    private final String mechanism;
    private final String username;
    private final String password;

    private InterBrokerSecurity(String listenerName, SecurityProtocol protocol, DefaultSslEngineFactory tls,
                                String endpointIdentification, String mechanism, String username, String password) {
        this.listenerName = listenerName;
        this.protocol = protocol;
        this.tls = tls;
        this.endpointIdentification = endpointIdentification;
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
    }

    /** Plain TCP (tests, and a cluster whose broker listener is PLAINTEXT). */
    public static InterBrokerSecurity plaintext() {
        return new InterBrokerSecurity("PLAINTEXT", SecurityProtocol.PLAINTEXT, null, null, null, null, null);
    }

    /** The settings of {@code listener}, which must be the inter-broker listener: {@link #from(BrokerConfig, List)}. */
    public static InterBrokerSecurity from(BrokerConfig config, String listener) {
        return from(config, List.of(listener));
    }

    /**
     * The settings of {@value #LISTENER_CONFIG} (else the listener {@value #PROTOCOL_CONFIG} names, else the first of
     * {@code brokerListeners}), which must be one of {@code brokerListeners}: the brokers reach each other on that
     * listener's endpoint.
     */
    public static InterBrokerSecurity from(BrokerConfig config, List<String> brokerListeners) {
        String configured = config.get(LISTENER_CONFIG).filter(v -> !v.isBlank())
                .or(() -> config.get(PROTOCOL_CONFIG).filter(v -> !v.isBlank())).orElse(brokerListeners.get(0)).trim();
        String brokerListener = brokerListeners.stream().filter(configured::equalsIgnoreCase).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(LISTENER_CONFIG + " (or " + PROTOCOL_CONFIG
                        + ") names listener " + configured + ", which is not among the broker listeners "
                        + brokerListeners + ": the brokers reach each other on one of them"));
        SecurityProtocol protocol = new SecurityProtocolMap(config).protocolOf(brokerListener);
        ListenerConfigs listener = new ListenerConfigs(config, brokerListener);
        DefaultSslEngineFactory tls = null;
        String endpointIdentification = null;
        if (protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL) {
            tls = new DefaultSslEngineFactory();
            tls.configure(listener.parsedSsl());
            endpointIdentification = endpointIdentification(config, brokerListener);
        }
        if (protocol != SecurityProtocol.SASL_PLAINTEXT && protocol != SecurityProtocol.SASL_SSL) {
            return new InterBrokerSecurity(brokerListener, protocol, tls, endpointIdentification, null, null, null);
        }
        String mechanism = config.get(MECHANISM_CONFIG).map(v -> v.trim().toUpperCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).orElseThrow(() -> new IllegalArgumentException("The broker listener "
                        + brokerListener + " speaks " + protocol + ": set " + MECHANISM_CONFIG
                        + " (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512; Kafka's default, GSSAPI, is not supported)"));
        if (!SaslMechanisms.from(listener, null).isEnabled(mechanism)) {
            throw new IllegalArgumentException(MECHANISM_CONFIG + "=" + mechanism + " is not among the "
                    + "sasl.enabled.mechanisms of listener " + brokerListener);
        }
        String key = mechanism.toLowerCase(Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG;
        Map<String, Object> jaasConfigs = new HashMap<>();
        listener.get(key).ifPresent(v -> jaasConfigs.put(key, new Password(v)));
        Map<String, ?> options = JaasContext.loadServerContext(new ListenerName(brokerListener), mechanism,
                jaasConfigs).configurationEntries().get(0).getOptions();
        Object user = options.get("username");
        Object secret = options.get("password");
        if (user == null || secret == null) {
            throw new IllegalArgumentException("The brokers log in to each other with " + mechanism + ": set "
                    + "username and password in listener.name." + brokerListener.toLowerCase(Locale.ROOT) + "."
                    + key);
        }
        return new InterBrokerSecurity(brokerListener, protocol, tls, endpointIdentification, mechanism,
                user.toString(), secret.toString());
    }

    /** Kafka's rule: an empty value turns host name checking off, an absent one means {@code https}. */
    private static String endpointIdentification(BrokerConfig config, String listener) {
        String prefixed = "listener.name." + listener.toLowerCase(Locale.ROOT) + "." + ENDPOINT_IDENTIFICATION;
        String value = config.values().containsKey(prefixed) ? config.values().get(prefixed)
                : config.values().getOrDefault(ENDPOINT_IDENTIFICATION, "https");
        return value == null ? "" : value.trim();
    }

    /** The inter-broker listener: the other brokers are reached on their endpoint of this name. */
    public String listenerName() {
        return listenerName;
    }

    public SecurityProtocol protocol() {
        return protocol;
    }

    public boolean usesSasl() {
        return mechanism != null;
    }

    /** The SASL mechanism the brokers log in with; null without SASL. */
    public String mechanism() {
        return mechanism;
    }

    /**
     * {@code connected} (to {@code host:port}) with TLS on it, the handshake done, or {@code connected} itself
     * without TLS. Host name checking and protocols follow Kafka's client engine for the listener's settings.
     */
    public Socket secure(Socket connected, String host, int port) throws IOException {
        if (tls == null) {
            return connected;
        }
        SSLEngine kafkas = tls.createClientSslEngine(host, port, endpointIdentification);
        SSLSocket socket = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(connected, host, port, true);
        socket.setUseClientMode(true);
        socket.setSSLParameters(kafkas.getSSLParameters());
        socket.startHandshake();
        return socket;
    }

    /** A client for one SASL exchange with the broker at {@code host}, logging in as this broker's user. */
    public SaslClient newSaslClient(String host) throws SaslException {
        CallbackHandler credentials = this::credentials;
        if (mechanism.equals(SaslMechanisms.PLAIN)) {
            return Sasl.createSaslClient(new String[] {mechanism}, null, "kafka", host, Map.of(), credentials);
        }
        try {
            return new ScramSaslClient(ScramMechanism.forMechanismName(mechanism), credentials);
        } catch (NoSuchAlgorithmException e) {
            throw new SaslException("No hash algorithm for " + mechanism, e);
        }
    }

    private void credentials(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password.toCharArray());
            } else if (!(callback instanceof ScramExtensionsCallback)) {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }
}
