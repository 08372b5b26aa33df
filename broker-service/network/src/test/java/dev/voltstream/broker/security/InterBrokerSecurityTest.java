package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * How a broker reads the settings it reaches the other brokers with: the broker listener's protocol, and for SASL
 * Kafka's {@code sasl.mechanism.inter.broker.protocol} with the listener's JAAS credentials; what it refuses to
 * start with, naming the setting.
 */
class InterBrokerSecurityTest {
    private static final String SCRAM_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"broker\" password=\"broker-secret\";";

    private static Map<String, String> sasl() {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        config.put("listener.security.protocol.map", "INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        config.put("listener.name.internal.scram-sha-512.sasl.jaas.config", SCRAM_JAAS);
        return config;
    }

    private static InterBrokerSecurity from(Map<String, String> config) {
        return InterBrokerSecurity.from(new BrokerConfig(config), "INTERNAL");
    }

    @Test
    void aSaslListenerLogsInWithItsMechanismAndTheCredentialsOfItsJaasEntry() throws Exception {
        InterBrokerSecurity security = from(sasl());
        assertThat(security.protocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
        assertThat(security.usesSasl()).isTrue();
        assertThat(security.mechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(security.newSaslClient("localhost").getMechanismName()).isEqualTo("SCRAM-SHA-512");
    }

    @Test
    void aPlaintextListenerNeedsNothing() {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:9092");
        InterBrokerSecurity security = InterBrokerSecurity.from(new BrokerConfig(config), "PLAINTEXT");
        assertThat(security.protocol()).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThat(security.usesSasl()).isFalse();
    }

    @Test
    void whatTheBrokersCannotLogInWithIsRefusedNamingTheSetting() {
        Map<String, String> noMechanism = sasl();
        noMechanism.remove("sasl.mechanism.inter.broker.protocol");
        assertThatThrownBy(() -> from(noMechanism)).hasMessageContaining("sasl.mechanism.inter.broker.protocol");

        Map<String, String> notEnabled = sasl();
        notEnabled.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-256");
        assertThatThrownBy(() -> from(notEnabled)).hasMessageContaining("sasl.enabled.mechanisms");

        Map<String, String> noPassword = sasl();
        noPassword.put("listener.name.internal.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\";");
        assertThatThrownBy(() -> from(noPassword))
                .hasMessageContaining("listener.name.internal.scram-sha-512.sasl.jaas.config");

        Map<String, String> otherListener = sasl();
        otherListener.put("inter.broker.listener.name", "CONTROLLER");
        assertThatThrownBy(() -> from(otherListener)).hasMessageContaining("inter.broker.listener.name");
    }

    @Test
    void amongSeveralBrokerListenersTheNamedOneIsUsedElseTheFirst() {
        Map<String, String> config = sasl();
        config.put("listeners", "EXTERNAL://127.0.0.1:9094,INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        config.put("listener.security.protocol.map", "EXTERNAL:SSL,INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "INTERNAL");
        InterBrokerSecurity named = InterBrokerSecurity.from(new BrokerConfig(config), List.of("EXTERNAL", "INTERNAL"));
        assertThat(named.listenerName()).isEqualTo("INTERNAL");
        assertThat(named.protocol()).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);

        config.remove("inter.broker.listener.name");
        InterBrokerSecurity first = InterBrokerSecurity.from(new BrokerConfig(config), List.of("INTERNAL", "EXTERNAL"));
        assertThat(first.listenerName()).isEqualTo("INTERNAL");
    }
}
