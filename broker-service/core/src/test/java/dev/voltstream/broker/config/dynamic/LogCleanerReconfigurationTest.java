package dev.voltstream.broker.config.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.storage.CleanerConfig;
import dev.voltstream.broker.storage.LogCleaner;

/**
 * The log cleaner's settings through the dynamic broker configs: a proposed change is validated against the running
 * cleaner and refused without being stored, an accepted one (local or from the metadata log) reconfigures it, a
 * replicated one that does not fit this broker is kept out of the cleaner, and the values survive a reload.
 */
class LogCleanerReconfigurationTest {
    private static final BrokerConfig STATIC = new BrokerConfig(Map.of("node.id", "1"));

    @TempDir
    Path dir;

    @Test
    void changesAreValidatedAgainstTheRunningCleanerAppliedAndKeptAcrossAReload() throws IOException {
        DynamicBrokerConfigs configs = DynamicBrokerConfigs.load(dir, STATIC);
        LogCleaner cleaner = new LogCleaner(CleanerConfig.from(configs.effective()::get), List::of, Time.SYSTEM);
        configs.register(new LogCleanerReconfiguration(cleaner));

        assertThatThrownBy(() -> configs.replace(BrokerScope.NODE, Map.of("log.cleaner.threads", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Log cleaner threads cannot be increased to more than double the current value 1");
        assertThat(configs.configs(BrokerScope.NODE)).isEmpty();

        configs.replace(BrokerScope.CLUSTER_DEFAULT, Map.of("log.cleaner.threads", "2",
                "log.cleaner.io.max.bytes.per.second", "1000000"));
        assertThat(cleaner.config().threads()).isEqualTo(2);
        assertThat(cleaner.config().maxIoBytesPerSec()).isEqualTo(1_000_000);

        // From the metadata log, validated by the broker that proposed it: 8 threads do not fit this one's 2.
        configs.applyReplicated(Map.of("log.cleaner.threads", "8"), configs.configs(BrokerScope.CLUSTER_DEFAULT));
        assertThat(cleaner.config().threads()).isEqualTo(2);
        configs.applyReplicated(Map.of("log.cleaner.threads", "4"), configs.configs(BrokerScope.CLUSTER_DEFAULT));
        assertThat(cleaner.config().threads()).isEqualTo(4);

        CleanerConfig reloaded = CleanerConfig.from(DynamicBrokerConfigs.load(dir, STATIC).effective()::get);
        assertThat(reloaded.threads()).isEqualTo(4);
        assertThat(reloaded.maxIoBytesPerSec()).isEqualTo(1_000_000);
    }
}
