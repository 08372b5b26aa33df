package dev.voltstream.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * librdkafka (through kcat, Debian's package) against the broker: the C client family (confluent-kafka-python, Go,
 * .NET, node-rdkafka) shares it. Skipped when kcat is not installed; .ci/run installs it.
 */
class KcatCompatibilityIT {
    @TempDir
    Path dir;
    TestBroker broker;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat is not installed");
        broker = TestBroker.start(dir);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producesWithEveryCompressionAndConsumesBackWithKeys() throws Exception {
        for (String codec : List.of("none", "gzip", "snappy", "lz4", "zstd")) {
            Result produced = kcat("k-" + codec + ":v-" + codec + "\n", "-P", "-t", "rdk", "-K:", "-z", codec,
                    "-X", "topic.acks=all");
            assertThat(produced.exitCode).as(produced.output).isZero();
        }
        Result consumed = kcat("", "-C", "-t", "rdk", "-e", "-o", "beginning", "-f", "%k=%s@%o\\n");
        assertThat(consumed.exitCode).as(consumed.output).isZero();
        assertThat(consumed.lines()).containsExactly("k-none=v-none@0", "k-gzip=v-gzip@1", "k-snappy=v-snappy@2",
                "k-lz4=v-lz4@3", "k-zstd=v-zstd@4");
    }

    @Test
    void aConsumerGroupReadsEverythingAndCommits() throws Exception {
        assertThat(kcat("a\nb\nc\n", "-P", "-t", "rdk-group").exitCode).isZero();
        Result consumed = kcat("", "-G", "rdk-readers", "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\\n",
                "rdk-group");
        assertThat(consumed.exitCode).as(consumed.output).isZero();
        assertThat(consumed.lines()).containsExactly("a", "b", "c");
        assertThat(broker.broker().components().groups().listGroups(java.util.Set.of(), java.util.Set.of()).toString())
                .contains("rdk-readers");
    }

    @Test
    void metadataListsTheBrokerAndTopics() throws Exception {
        kcat("x\n", "-P", "-t", "rdk-meta");
        Result metadata = kcat("", "-L");
        assertThat(metadata.output).contains("1 brokers:").contains("topic \"rdk-meta\" with 1 partitions");
    }

    private Result kcat(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/kcat", "-b", broker.bootstrapServers(), "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        boolean done = process.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(done ? process.exitValue() : -1, output);
    }

    private record Result(int exitCode, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank() && !l.startsWith("%")).toList();
        }
    }
}
