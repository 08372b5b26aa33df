package dev.voltstream.broker.config.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;

class DynamicBrokerConfigsFormatTest {
    private static final BrokerConfig STATIC = new BrokerConfig(Map.of("node.id", "1"));

    @TempDir
    Path dir;

    @Test
    void aFileWrittenByReleaseZeroOneIsRead() throws IOException {
        Files.writeString(dir.resolve(DynamicBrokerConfigs.FILE), "#Dynamic broker configs\n"
                + "node.log.roll.ms=7200000\ndefault.log.retention.ms=86400000\n", StandardCharsets.UTF_8);
        DynamicBrokerConfigs configs = DynamicBrokerConfigs.load(dir, STATIC);
        assertThat(configs.configs(BrokerScope.NODE)).isEqualTo(Map.of("log.roll.ms", "7200000"));
        assertThat(configs.configs(BrokerScope.CLUSTER_DEFAULT)).isEqualTo(Map.of("log.retention.ms", "86400000"));
    }

    @Test
    void theFileIsWrittenWithItsVersionAndReadBack() throws IOException {
        DynamicBrokerConfigs.load(dir, STATIC).replace(BrokerScope.NODE, Map.of("log.roll.ms", "60000"));
        assertThat(Files.readString(dir.resolve(DynamicBrokerConfigs.FILE))).contains("version=0");
        assertThat(DynamicBrokerConfigs.load(dir, STATIC).configs(BrokerScope.NODE))
                .isEqualTo(Map.of("log.roll.ms", "60000"));
    }

    @Test
    void aFileOfANewerReleaseIsRefused() throws IOException {
        Files.writeString(dir.resolve(DynamicBrokerConfigs.FILE), "version=3\nnode.log.roll.ms=1\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DynamicBrokerConfigs.load(dir, STATIC)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format version 3");
    }
}
