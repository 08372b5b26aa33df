package dev.voltstream.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatVersionTest {
    @TempDir
    Path dir;

    @Test
    void aFileWithoutVersionIsReleaseZeroOnesVersionZero() {
        assertThat(FormatVersion.check(new Properties(), 0, Path.of("t.topic"))).isZero();
    }

    @Test
    void aNewerVersionIsRefusedNamingTheFile() {
        Properties props = new Properties();
        FormatVersion.stamp(props, 1);
        assertThatThrownBy(() -> FormatVersion.check(props, 0, Path.of("orders.topic")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orders.topic has format version 1, this broker reads up to 0");
    }

    @Test
    void aVersionThatIsNoNumberIsRefused() {
        Properties props = new Properties();
        props.setProperty(FormatVersion.KEY, "two");
        assertThatThrownBy(() -> FormatVersion.check(props, 0, Path.of("f"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'two'");
    }

    @Test
    void topicFilesWrittenByReleaseZeroOneAreRead() throws IOException {
        // Exactly what 0.1.0 wrote: no version key.
        Files.writeString(dir.resolve("orders.topic"), "#Mon Dec 07 03:43:43 UTC 2026\npartitions=3\n"
                + "config.retention.ms=3600000\nname=orders\nid=hwklV1n4RrGTtI8ZGKlH_A\n", StandardCharsets.UTF_8);
        TopicMetadata topic = new TopicRegistry(dir).byName("orders").orElseThrow();
        assertThat(topic.id().toString()).isEqualTo("hwklV1n4RrGTtI8ZGKlH_A");
        assertThat(topic.partitions()).isEqualTo(3);
        assertThat(topic.configs()).isEqualTo(Map.of("retention.ms", "3600000"));
    }

    @Test
    void topicFilesAreWrittenWithTheirVersion() throws IOException {
        new TopicRegistry(dir).create("orders", 2, Map.of());
        assertThat(Files.readString(dir.resolve("orders.topic"))).contains("version=0");
    }

    @Test
    void aTopicFileOfANewerReleaseStopsTheRegistryFromOpening() throws IOException {
        Files.writeString(dir.resolve("orders.topic"), "version=1\nname=orders\nid=hwklV1n4RrGTtI8ZGKlH_A\n"
                + "partitions=3\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TopicRegistry(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orders.topic has format version 1");
    }
}
