package dev.voltstream.broker.security;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.apache.kafka.common.security.oauthbearer.internals.OAuthBearerSaslServer;
import org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler;
import org.apache.kafka.common.utils.Utils;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.internals.BrokerSecurityConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.plain.internals.PlainSaslServer;
import org.apache.kafka.common.security.plain.internals.PlainServerCallbackHandler;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramSaslServer;
import org.apache.kafka.common.security.scram.internals.ScramServerCallbackHandler;

import dev.voltstream.broker.security.scram.LegacyNonceScramServer;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * The SASL mechanisms one listener offers ({@code sasl.enabled.mechanisms}) and how to start a server exchange for
 * each, with Kafka's own SASL servers: {@link PlainSaslServer} checking the {@code user_<name>="<password>"} options
 * of {@code listener.name.<listener>.plain.sasl.jaas.config} (Kafka's PlainLoginModule, server side), and
 * {@link ScramSaslServer} checking the broker's {@link ScramCredentialStore}, and {@link OAuthBearerSaslServer}
 * validating the client's token with the listener's {@code oauthbearer.sasl.server.callback.handler.class} — Kafka's
 * {@code OAuthBearerValidatorCallbackHandler} (served by {@link JwtTokenValidator}) checks a JWT's signature against
 * {@code sasl.oauthbearer.jwks.endpoint.url} and its claims; without that setting, as in Kafka, the unsecured
 * validator (unsigned tokens, for development).
 */
public final class SaslMechanisms {
    public static final String PLAIN = PlainSaslServer.PLAIN_MECHANISM;
    public static final String OAUTHBEARER = OAuthBearerLoginModule.OAUTHBEARER_MECHANISM;
    private static final String SUPPORTED = "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER";

    private final List<String> enabled;
    private final PlainServerCallbackHandler plain;
    /** Validates OAUTHBEARER tokens; null when that mechanism is not enabled. */
    private final AuthenticateCallbackHandler oauth;
    private final ScramCredentialStore scram;
    /** {@value LegacyNonceScramServer#CONFIG}: accept the SCRAM nonce of librdkafka before 2.6.1. */
    private final boolean legacyNonce;

    private SaslMechanisms(List<String> enabled, PlainServerCallbackHandler plain, AuthenticateCallbackHandler oauth,
                           ScramCredentialStore scram, boolean legacyNonce) {
        this.enabled = enabled;
        this.plain = plain;
        this.oauth = oauth;
        this.scram = scram;
        this.legacyNonce = legacyNonce;
    }

    public static SaslMechanisms from(ListenerConfigs listener, ScramCredentialStore scram) {
        String spec = listener.get(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG).orElseThrow(() ->
                new IllegalArgumentException("Listener " + listener.listenerName() + " speaks SASL: set "
                        + "sasl.enabled.mechanisms (" + SUPPORTED + ")"));
        List<String> enabled = new ArrayList<>();
        for (String part : spec.split(",")) {
            String mechanism = part.trim().toUpperCase(Locale.ROOT);
            if (mechanism.isEmpty()) {
                continue;
            }
            if (!mechanism.equals(PLAIN) && !mechanism.equals(OAUTHBEARER)
                    && ScramMechanism.forMechanismName(mechanism) == null) {
                throw new IllegalArgumentException("SASL mechanism " + mechanism + " on listener "
                        + listener.listenerName() + " is not supported (" + SUPPORTED + ")");
            }
            enabled.add(mechanism);
        }
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("sasl.enabled.mechanisms of listener " + listener.listenerName()
                    + " is empty");
        }
        PlainServerCallbackHandler plain = null;
        if (enabled.contains(PLAIN)) {
            Map<String, Object> configs = new HashMap<>();
            List<AppConfigurationEntry> jaas = jaasEntries(listener, PLAIN, configs);
            plain = new PlainServerCallbackHandler();
            plain.configure(configs, PLAIN, jaas);
        }
        AuthenticateCallbackHandler oauth = enabled.contains(OAUTHBEARER) ? oauthValidator(listener) : null;
        boolean legacyNonce = Boolean.parseBoolean(listener.get(LegacyNonceScramServer.CONFIG).orElse("false").trim());
        return new SaslMechanisms(List.copyOf(enabled), plain, oauth, scram, legacyNonce);
    }

    /**
     * The listener's OAUTHBEARER token validator, configured as Kafka configures it: the listener's {@code sasl.*}
     * settings parsed with their defaults, and the JAAS entry of {@code oauthbearer.sasl.jaas.config}
     * ({@code OAuthBearerLoginModule}), which Kafka requires on the broker too.
     */
    private static AuthenticateCallbackHandler oauthValidator(ListenerConfigs listener) {
        Map<String, Object> configs = listener.parsedSasl();
        List<AppConfigurationEntry> jaas = jaasEntries(listener, OAUTHBEARER, configs);
        String handlerKey = OAUTHBEARER.toLowerCase(Locale.ROOT) + "."
                + BrokerSecurityConfigs.SASL_SERVER_CALLBACK_HANDLER_CLASS_CONFIG;
        AuthenticateCallbackHandler handler = new OAuthBearerUnsecuredValidatorCallbackHandler();
        String handlerClass = listener.get(handlerKey).orElse(null);
        if (JwtTokenValidator.KAFKA_HANDLER.equals(handlerClass)) {
            handler = new JwtTokenValidator(listener.listenerName());
        } else if (handlerClass != null) {
            try {
                handler = Utils.newInstance(handlerClass, AuthenticateCallbackHandler.class);
            } catch (ClassNotFoundException | KafkaException e) {
                throw new IllegalArgumentException("Invalid " + handlerKey + " on listener "
                        + listener.listenerName() + ": " + e.getMessage(), e);
            }
        }
        handler.configure(configs, OAUTHBEARER, jaas);
        return handler;
    }

    /**
     * The server JAAS entries of {@code mechanism} on the listener, as Kafka's broker finds them: its
     * {@code <mechanism>.sasl.jaas.config} (put into {@code configs}, where Kafka's callback handlers look too), else a
     * {@code KafkaServer} section of the JVM's JAAS file.
     */
    private static List<AppConfigurationEntry> jaasEntries(ListenerConfigs listener, String mechanism,
                                                           Map<String, Object> configs) {
        String key = mechanism.toLowerCase(Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG;
        listener.get(key).ifPresent(v -> configs.put(key, new Password(v)));
        return JaasContext.loadServerContext(new ListenerName(listener.listenerName()), mechanism, configs)
                .configurationEntries();
    }

    public List<String> enabled() {
        return enabled;
    }

    public boolean isEnabled(String mechanism) {
        return enabled.contains(mechanism);
    }

    /** A server for one exchange of {@code mechanism}, which must be enabled. */
    public SaslServer newServer(String mechanism) {
        if (mechanism.equals(PLAIN)) {
            return new PlainSaslServer(plain);
        }
        if (mechanism.equals(OAUTHBEARER)) {
            return new OAuthBearerSaslServer(oauth);
        }
        ScramMechanism scramMechanism = ScramMechanism.forMechanismName(mechanism);
        try {
            SaslServer kafka = new ScramSaslServer(scramMechanism, Map.of(),
                    new ScramServerCallbackHandler(scram.cache(scramMechanism), scram.tokens()));
            return legacyNonce ? new LegacyNonceScramServer(kafka, scramMechanism, scram.cache(scramMechanism))
                    : kafka;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No hash algorithm for " + mechanism, e);
        }
    }
}
