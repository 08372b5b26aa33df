package dev.voltstream.broker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

class LogConfigTest {
    @Test
    void defaultsAreKafkas() {
        assertThat(LogConfig.defaults()).isEqualTo(new LogConfig(1 << 30, 604_800_000L, 604_800_000L, -1L,
                1_048_588, 4096, 10 << 20, false, 60_000L));
    }

    @Test
    void topicConfigsOverrideTheDefaultsAndUnknownNamesAreIgnored() {
        LogConfig config = LogConfig.defaults().withOverrides(Map.of("segment.bytes", "1048576",
                "retention.ms", "-1", "retention.bytes", "5000", "message.timestamp.type", "LogAppendTime",
                "cleanup.policy", "delete", "file.delete.delay.ms", "0"));

        assertThat(config.segmentBytes()).isEqualTo(1_048_576);
        assertThat(config.retentionMs()).isEqualTo(-1);
        assertThat(config.retentionBytes()).isEqualTo(5000);
        assertThat(config.logAppendTime()).isTrue();
        assertThat(config.fileDeleteDelayMs()).isZero();
        assertThat(config.segmentMs()).isEqualTo(LogConfig.defaults().segmentMs());
    }

    @Test
    void badValuesAreRejectedWithTheConfigName() {
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("segment.bytes", "abc")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("segment.bytes")
                .hasMessageContaining("abc");
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("segment.bytes", "10")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("segment.bytes", "3000000000")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("retention.ms", "-2")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("segment.ms", "0")))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> LogConfig.defaults().withOverrides(Map.of("message.timestamp.type", "Now")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("message.timestamp.type");
    }
}
