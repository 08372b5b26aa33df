package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/** Which protocol each listener speaks, per-listener overrides, and the settings a secured listener refuses. */
class ListenerSecurityTest {
    private static BrokerConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("listeners",
                "PLAINTEXT://:9092,SSL://:9093,INTERNAL://:9094", "log.dirs", "/tmp/unused"));
        values.putAll(extra);
        return new BrokerConfig(values);
    }

    @Test
    void protocolNamedListenersNeedNoMapEntryOthersDo() {
        SecurityProtocolMap none = new SecurityProtocolMap(config(Map.of()));
        assertThat(none.protocolOf("SSL")).isEqualTo(SecurityProtocol.SSL);
        assertThat(none.protocolOf("PLAINTEXT")).isEqualTo(SecurityProtocol.PLAINTEXT);
        assertThatThrownBy(() -> none.protocolOf("INTERNAL")).hasMessageContaining("listener.security.protocol.map");
        SecurityProtocolMap mapped = new SecurityProtocolMap(config(Map.of("listener.security.protocol.map",
                "INTERNAL:sasl_plaintext, SSL:SSL")));
        assertThat(mapped.protocolOf("internal")).isEqualTo(SecurityProtocol.SASL_PLAINTEXT);
        assertThatThrownBy(() -> new SecurityProtocolMap(config(Map.of("listener.security.protocol.map",
                "INTERNAL:TLS")))).hasMessageContaining("Unknown security protocol 'TLS'");
    }

    @Test
    void perListenerSettingsOverrideAndBlankUnsets() {
        ListenerConfigs internal = new ListenerConfigs(config(Map.of("ssl.keystore.location", "/a",
                "sasl.enabled.mechanisms", "PLAIN", "listener.name.internal.sasl.enabled.mechanisms", "SCRAM-SHA-256",
                "listener.name.internal.ssl.keystore.location", " ")), "INTERNAL");
        assertThat(internal.get("sasl.enabled.mechanisms")).contains("SCRAM-SHA-256");
        assertThat(internal.get("ssl.keystore.location")).isEmpty();
        assertThat(new ListenerConfigs(config(Map.of("ssl.keystore.location", "/a")), "SSL")
                .get("ssl.keystore.location")).contains("/a");
    }

    @Test
    void securedListenersRefuseIncompleteSettings() {
        ScramCredentialStore scram = ScramCredentialStore.inMemory();
        BrokerConfig map = config(Map.of("listener.security.protocol.map",
                "INTERNAL:SASL_PLAINTEXT,SSL:SSL,PLAINTEXT:PLAINTEXT"));
        assertThatThrownBy(() -> ListenerSecurity.from(map, "INTERNAL", scram))
                .hasMessageContaining("set sasl.enabled.mechanisms");
        assertThatThrownBy(() -> ListenerSecurity.from(map.with(Map.of("sasl.enabled.mechanisms", "GSSAPI")),
                "INTERNAL", scram)).hasMessageContaining("GSSAPI on listener INTERNAL is not supported");
        assertThatThrownBy(() -> ListenerSecurity.from(map, "SSL", scram)).hasMessageContaining("has no key store");
        ListenerSecurity scramOnly = ListenerSecurity.from(map.with(Map.of("sasl.enabled.mechanisms",
                "scram-sha-512")), "INTERNAL", scram);
        assertThat(scramOnly.sasl().enabled()).containsExactly("SCRAM-SHA-512");
        assertThat(ListenerSecurity.from(map, "PLAINTEXT", scram).usesSasl()).isFalse();
    }
}
