package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * Which controller listeners secure the metadata quorum: an unmapped or PLAINTEXT one does not (as before), SSL does
 * and needs a key store, SASL is refused naming why. (TLS itself is exercised by SecureClusterIT.)
 */
class ControllerTlsTest {
    private static BrokerConfig config(String protocolMap) {
        Map<String, String> values = new HashMap<>();
        values.put("listeners", "BROKER://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        if (protocolMap != null) {
            values.put("listener.security.protocol.map", protocolMap);
        }
        return new BrokerConfig(values);
    }

    @Test
    void anUnmappedOrPlaintextControllerListenerStaysPlaintext() {
        assertThat(ControllerTls.from(config(null), "CONTROLLER")).isEmpty();
        assertThat(ControllerTls.from(config("BROKER:SSL,CONTROLLER:PLAINTEXT"), "CONTROLLER")).isEmpty();
    }

    @Test
    void saslAndAnSslListenerWithoutKeyStoreAreRefused() {
        assertThatThrownBy(() -> ControllerTls.from(config("BROKER:SSL,CONTROLLER:SASL_SSL"), "CONTROLLER"))
                .hasMessageContaining("PLAINTEXT or SSL only");
        assertThatThrownBy(() -> ControllerTls.from(config("BROKER:SSL,CONTROLLER:SSL"), "CONTROLLER"))
                .hasMessageContaining("no key store");
    }
}
