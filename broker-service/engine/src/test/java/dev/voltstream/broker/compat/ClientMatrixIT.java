package dev.voltstream.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * The Java client across releases, from 2.1 (the oldest Apache Kafka 4 still serves, KIP-896) to the pinned 4.1: each
 * release runs {@link ClientRoundTrip} in a child JVM of its own whose class path holds only that release and the
 * libraries its pom names (copied to {@code target/client-matrix/<version>} by the build), against one broker shared
 * by the whole matrix.
 */
class ClientMatrixIT {
    private static final Path KAFKAJS = Path.of("src/test/kafkajs");
    private static final Path PYTHON = Path.of("src/test/python");
    /** librdkafka sends a batch uncompressed when compressing does not make it smaller: give it something to win. */
    private static final String COMPRESSIBLE = ("x".repeat(300) + "\n").repeat(5);

    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() {
        // No idle wait for more members: each group here has one.
        broker = TestBroker.start(dir, Map.of("group.initial.rebalance.delay.ms", "0"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "kafka-clients {0}")
    @ValueSource(strings = {"2.1.1", "2.8.2", "3.0.2", "3.9.1", "4.1.2"})
    void javaClientRoundTrips(String version) throws Exception {
        String tag = version.replace('.', '_');
        assertRoundTrip(java(version, tag), tag);
    }

    /** The pinned client's consumer on KIP-848's protocol ({@code group.protocol=consumer}, GA in Kafka 4.0). */
    @Test
    void javaClientRoundTripsWithTheConsumerGroupProtocol() throws Exception {
        assertRoundTrip(java("4.1.2", "4_1_2-kip848", "consumer"), "4_1_2-kip848");
    }

    @Test
    void kafkajsRoundTrips() throws Exception {
        String node = LibrdkafkaHarness.onPath("node");
        assumeTrue(node != null, "no node on PATH (apt-get install -y nodejs npm)");
        assumeTrue(Files.isDirectory(KAFKAJS.resolve("node_modules/kafkajs")),
                "kafkajs not installed (npm ci --prefix broker-service/engine/src/test/kafkajs)");
        ProcessBuilder builder = new ProcessBuilder(node, "round-trip.mjs").directory(KAFKAJS.toFile());
        builder.environment().putAll(Map.of("BOOTSTRAP", broker.bootstrapServers(), "TOPIC", "matrix-kafkajs",
                "GROUP", "matrix-group-kafkajs"));
        assertRoundTrip(run(builder), "kafkajs");
    }

    /** confluent-kafka-python over Debian's librdkafka, and kafka-python: Debian's python3 packages. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"confluent_kafka, confluent_round_trip.py, python3-confluent-kafka",
            "kafka, kafka_python_round_trip.py, python3-kafka"})
    void pythonClientRoundTrips(String module, String script, String debianPackage) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        assumeTrue(run(new ProcessBuilder(python.toString(), "-c", "import " + module)).exitCode == 0,
                debianPackage + " is not installed (apt-get install -y " + debianPackage + ")");
        String tag = module.replace('_', '-');
        ProcessBuilder builder = new ProcessBuilder(python.toString(), script).directory(PYTHON.toFile());
        builder.environment().putAll(Map.of("BOOTSTRAP", broker.bootstrapServers(), "TOPIC", "matrix-" + tag,
                "GROUP", "matrix-group-" + tag));
        assertRoundTrip(run(builder), tag);
    }

    /**
     * Our C round trip over librdkafka's public API ({@link LibrdkafkaHarness}), compiled against Debian's
     * librdkafka-dev and against a current release built from source: the matrix's round trip, plus topic configs set
     * at creation and described with their source, a second creation refused, and the committed offsets read back by
     * the consumer as well as by the admin client.
     */
    @ParameterizedTest(name = "librdkafka from {0}")
    @EnumSource(LibrdkafkaHarness.Source.class)
    void librdkafkaRoundTrips(LibrdkafkaHarness.Source source) throws Exception {
        LibrdkafkaHarness.Compiled harness;
        try {
            harness = LibrdkafkaHarness.compile(source);
        } catch (LibrdkafkaHarness.Unavailable e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        String tag = "librdkafka-" + source.name().toLowerCase().replace('_', '-');
        ProcessBuilder builder = new ProcessBuilder(harness.command(broker.bootstrapServers(), "matrix-" + tag,
                "matrix-group-" + tag, "lz4"));
        builder.environment().putAll(harness.environment());
        Result result = run(builder);
        assertRoundTrip(result, tag);
        List<String> lines = result.stdout.lines().toList();
        assertThat(lines).as("stderr:%n%s", result.stderr)
                .startsWith("librdkafka " + harness.version())
                .contains("created again: TOPIC_ALREADY_EXISTS",
                        "config retention.ms=3600000 source=DYNAMIC_TOPIC_CONFIG",
                        "config max.message.bytes=65536 source=DYNAMIC_TOPIC_CONFIG",
                        "config cleanup.policy=delete source=DEFAULT_CONFIG",
                        "consumer committed " + ClientRoundTrip.RECORDS + " over partitions [0, 1]");
        if (harness.hasDescribeTopics()) {
            assertThat(lines).contains("DescribeTopics matrix-" + tag + " partitions=2 leader=1");
        }
    }

    /**
     * librdkafka (Debian's kcat) really compresses with every codec: it stores batches with the codec it was asked
     * for. Before ApiVersions listed Produce from v0 as Kafka 4 does, librdkafka fell back to uncompressed batches
     * without an error (KAFKA-18659).
     */
    @Test
    void librdkafkaCompressesWithEveryCodec(@TempDir Path inputs) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat is not installed (apt-get install -y kcat)");
        for (CompressionType codec : List.of(CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4,
                CompressionType.ZSTD)) {
            String topic = "matrix-kcat-" + codec.name;
            Path input = Files.writeString(Files.createTempFile(inputs, topic, ".txt"), COMPRESSIBLE);
            Result produced = run(new ProcessBuilder("/usr/bin/kcat", "-b", broker.bootstrapServers(), "-P", "-t",
                    topic, "-z", codec.name, "-X", "topic.acks=all", "-p", "0")
                    .redirectInput(ProcessBuilder.Redirect.from(input.toFile())));
            assertThat(produced.exitCode).as(produced.stderr).isZero();
            assertThat(storedCompression(topic)).as(codec.name + " " + produced.stderr).containsOnly(codec);
        }
    }

    /** The codec of every batch stored in partition 0 of {@code topic}, read with a raw v12 Fetch (topic by name). */
    private static List<CompressionType> storedCompression(String topic) throws IOException {
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            FetchRequestData request = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20)
                    .setReplicaId(-1).setSessionEpoch(-1).setTopics(List.of(new FetchRequestData.FetchTopic()
                            .setTopic(topic).setPartitions(List.of(new FetchRequestData.FetchPartition()
                                    .setPartition(0).setPartitionMaxBytes(1 << 20)))));
            FetchResponseData response = (FetchResponseData) client.call(ApiKeys.FETCH, (short) 12, request);
            List<CompressionType> codecs = new ArrayList<>();
            MemoryRecords records = (MemoryRecords) response.responses().get(0).partitions().get(0).records();
            records.batches().forEach(batch -> codecs.add(batch.compressionType()));
            assertThat(codecs).as("batches of " + topic).isNotEmpty();
            return codecs;
        }
    }

    private static void assertRoundTrip(Result result, String tag) {
        assertThat(result.exitCode).as("exit code; stderr:%n%s", result.stderr).isZero();

        List<String> expectedConsumed = IntStream.range(0, ClientRoundTrip.RECORDS)
                .mapToObj(i -> "consumed k" + i + "=v" + i + " h=h" + i).toList();
        List<String> lines = result.stdout.lines().toList();
        assertThat(lines).as("stderr:%n%s", result.stderr)
                .contains("described matrix-" + tag + " partitions=2", "produced " + ClientRoundTrip.RECORDS,
                        "committed " + ClientRoundTrip.RECORDS + " over partitions [0, 1]",
                        "deleted matrix-" + tag + " listed=false");
        assertThat(lines.stream().filter(l -> l.startsWith("consumed "))).as("stderr:%n%s", result.stderr)
                .containsExactlyInAnyOrderElementsOf(expectedConsumed);
    }

    private static Result java(String version, String tag, String... extraArgs) throws Exception {
        Path jars = Path.of("target", "client-matrix", version);
        assertThat(jars).as("copied by the build (maven-dependency-plugin copy-client-matrix)").isDirectory();
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> files = Files.list(jars)) {
            files.filter(f -> f.toString().endsWith(".jar")).map(f -> f.toAbsolutePath().toString())
                    .sorted().forEach(classPath::add);
        }
        classPath.add(Path.of(ClientRoundTrip.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, classPath),
                ClientRoundTrip.class.getName(), broker.bootstrapServers(), tag));
        command.addAll(List.of(extraArgs));
        return run(new ProcessBuilder(command));
    }

    /** Runs a client program to its end (3 minutes at most) and collects what it printed. */
    private static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return new Result(process.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
