package dev.voltstream.broker.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.BrokerConfig;

class ConsoleConfigTest {

    @Test
    void defaultsToLocalhost8080AndEnabled() {
        ConsoleConfig config = ConsoleConfig.from(new BrokerConfig(Map.of()));
        assertThat(config).isEqualTo(new ConsoleConfig(true, false, "localhost", 8080));
    }

    @Test
    void readsKafkaStyleProperties() {
        assertThat(ConsoleConfig.from(new BrokerConfig(Map.of("console.listener", "http://0.0.0.0:0",
                "console.enabled", "false")))).isEqualTo(new ConsoleConfig(false, false, "0.0.0.0", 0));
        assertThat(ConsoleConfig.from(new BrokerConfig(Map.of("console.listener", "http://127.0.0.1:9999"))).port())
                .isEqualTo(9999);
        ConsoleConfig https = ConsoleConfig.from(new BrokerConfig(Map.of("console.listener", "https://127.0.0.1:8443")));
        assertThat(https).isEqualTo(new ConsoleConfig(true, true, "127.0.0.1", 8443));
        assertThat(https.scheme()).isEqualTo("https");
    }

    @Test
    void rejectsAListenerThatIsNotHttpHostPort() {
        assertThatThrownBy(() -> ConsoleConfig.from(new BrokerConfig(Map.of("console.listener", "localhost:8080"))))
                .hasMessageContaining("console.listener must look like http://host:port or https://host:port");
        assertThatThrownBy(() -> ConsoleConfig.from(new BrokerConfig(Map.of("console.listener", "ftp://h:1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConsoleConfig.from(new BrokerConfig(Map.of("console.listener", "http://h"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
