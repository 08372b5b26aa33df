package dev.voltstream.broker.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;

import dev.voltstream.broker.config.BrokerConfig;

class ConsoleTlsTest {
    @TempDir
    static Path dir;
    static TestKeyStore keyStore;

    @BeforeAll
    static void keyStore() throws Exception {
        keyStore = TestKeyStore.create(dir.resolve("console.p12"));
    }

    @Test
    void httpsWithoutAKeyStoreIsRefusedNamingTheSettings() {
        assertThatThrownBy(() -> ConsoleTls.configurator(new BrokerConfig(Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("console.ssl.keystore.location");
    }

    @Test
    void theBrokersKeyStoreServesTheConsoleUnlessConsoleSslSettingsOverrideIt() {
        Map<String, String> brokerWide = Map.of("ssl.keystore.location", keyStore.file().toString(),
                "ssl.keystore.password", TestKeyStore.PASSWORD, "ssl.client.auth", "required");
        HttpsConfigurator fromBroker = ConsoleTls.configurator(new BrokerConfig(brokerWide));
        assertThat(fromBroker.getSSLContext().getProtocol()).isNotEmpty();

        Map<String, String> overridden = new HashMap<>(brokerWide);
        overridden.put("ssl.keystore.location", dir.resolve("missing.p12").toString());
        overridden.put("console.ssl.keystore.location", keyStore.file().toString());
        assertThat(ConsoleTls.configurator(new BrokerConfig(overridden)).getSSLContext()).isNotNull();

        Map<String, String> unset = new HashMap<>(brokerWide);
        unset.put("console.ssl.keystore.location", " ");
        assertThatThrownBy(() -> ConsoleTls.configurator(new BrokerConfig(unset)))
                .hasMessageContaining("there is no key store");
    }

    @Test
    void aWrongKeyStorePasswordIsRefusedAtStart() {
        assertThatThrownBy(() -> ConsoleTls.configurator(new BrokerConfig(Map.of(
                "console.ssl.keystore.location", keyStore.file().toString(),
                "console.ssl.keystore.password", "wrong"))))
                .isInstanceOf(RuntimeException.class);
    }
}
