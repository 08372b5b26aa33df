package dev.voltstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingLogFileTest {
    @TempDir
    Path dir;

    @Test
    void theLogRollsAtMaxBytesAndKeepsOnlyTheConfiguredBackups() throws Exception {
        Path file = dir.resolve("broker.log");
        try (PrintStream log = new PrintStream(new RollingLogFile(file, 4096, 2), true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 10_000; i++) {
                log.println("line " + i + " " + "x".repeat(80));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("broker.log", "broker.log.1", "broker.log.2");
        }
        for (String name : new String[] {"broker.log", "broker.log.1", "broker.log.2"}) {
            assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(4096);
        }
        assertThat(Files.readAllLines(file)).last().asString().startsWith("line 9999 ");
        assertThat(Files.readAllLines(dir.resolve("broker.log.1")).get(0)).doesNotContain("line 0 ");
    }
}
