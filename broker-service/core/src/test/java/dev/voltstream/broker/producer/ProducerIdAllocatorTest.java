package dev.voltstream.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdAllocatorTest {
    @TempDir
    Path dir;

    @Test
    void aBlockFileOfReleaseZeroOneIsRead() throws IOException {
        Path file = dir.resolve("producer-id-block");
        Files.writeString(file, "1099511628776", StandardCharsets.UTF_8);
        assertThat(new ProducerIdAllocator(file).nextProducerId()).isEqualTo(1099511628776L);
    }

    @Test
    void idsNeverRepeatAcrossARestart() throws IOException {
        Path file = dir.resolve("producer-id-block");
        ProducerIdAllocator first = new ProducerIdAllocator(file);
        long handedOut = first.nextProducerId();
        first.nextProducerId();
        assertThat(Files.readString(file)).contains("version=0").contains("block.end=1000");
        assertThat(new ProducerIdAllocator(file).nextProducerId()).isGreaterThan(handedOut + 1);
    }

    @Test
    void aSeededFileStartsTheIdsThere() throws IOException {
        Path file = dir.resolve("producer-id-block");
        ProducerIdAllocator.seed(file, 2L << 40);
        ProducerIdAllocator.seed(file, 5);
        assertThat(new ProducerIdAllocator(file).nextProducerId()).isEqualTo(2L << 40);
    }

    @Test
    void aBlockFileOfANewerReleaseIsRefused() throws IOException {
        Path file = dir.resolve("producer-id-block");
        Files.writeString(file, "version=1\nblock.end=5000\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new ProducerIdAllocator(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("format version 1");
    }
}
