package dev.voltstream.broker.security;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.security.sasl.SaslServer;

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
 * {@link ScramSaslServer} checking the broker's {@link ScramCredentialStore}.
 */
public final class SaslMechanisms {
    public static final String PLAIN = PlainSaslServer.PLAIN_MECHANISM;

    private final List<String> enabled;
    private final PlainServerCallbackHandler plain;
    private final ScramCredentialStore scram;
    /** {@value LegacyNonceScramServer#CONFIG}: accept the SCRAM nonce of librdkafka before 2.6.1. */
    private final boolean legacyNonce;

    private SaslMechanisms(List<String> enabled, PlainServerCallbackHandler plain, ScramCredentialStore scram,
                           boolean legacyNonce) {
        this.enabled = enabled;
        this.plain = plain;
        this.scram = scram;
        this.legacyNonce = legacyNonce;
    }

    public static SaslMechanisms from(ListenerConfigs listener, ScramCredentialStore scram) {
        String spec = listener.get(BrokerSecurityConfigs.SASL_ENABLED_MECHANISMS_CONFIG).orElseThrow(() ->
                new IllegalArgumentException("Listener " + listener.listenerName() + " speaks SASL: set "
                        + "sasl.enabled.mechanisms (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)"));
        List<String> enabled = new ArrayList<>();
        for (String part : spec.split(",")) {
            String mechanism = part.trim().toUpperCase(Locale.ROOT);
            if (mechanism.isEmpty()) {
                continue;
            }
            if (!mechanism.equals(PLAIN) && ScramMechanism.forMechanismName(mechanism) == null) {
                throw new IllegalArgumentException("SASL mechanism " + mechanism + " on listener "
                        + listener.listenerName() + " is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512)");
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
            String key = PLAIN.toLowerCase(Locale.ROOT) + "." + SaslConfigs.SASL_JAAS_CONFIG;
            listener.get(key).ifPresent(v -> configs.put(key, new Password(v)));
            JaasContext jaas = JaasContext.loadServerContext(new ListenerName(listener.listenerName()), PLAIN,
                    configs);
            plain = new PlainServerCallbackHandler();
            plain.configure(configs, PLAIN, jaas.configurationEntries());
        }
        boolean legacyNonce = Boolean.parseBoolean(listener.get(LegacyNonceScramServer.CONFIG).orElse("false").trim());
        return new SaslMechanisms(List.copyOf(enabled), plain, scram, legacyNonce);
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
