package dev.voltstream.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.voltstream.broker.testkit.FreePorts;

/**
 * A single-node KRaft Apache Kafka ({@code kafka.Kafka} of org.apache.kafka:kafka_2.13, resolved by Maven onto this
 * module's test classpath) in a child JVM on loopback ports, its storage formatted with Kafka's StorageTool
 * ({@code format --standalone}), as infra/bin/apache-kafka-start.sh does.
 */
public final class ApacheKafkaBroker implements BrokerUnderTest {
    private final ChildJvm jvm;
    private final String bootstrapServers;
    private final int port;
    private final Path dir;

    private ApacheKafkaBroker(ChildJvm jvm, int port, Path dir) {
        this.jvm = jvm;
        this.port = port;
        this.bootstrapServers = "127.0.0.1:" + port;
        this.dir = dir;
    }

    /** Formats a fresh data directory under {@code dir}, starts the broker and waits until it serves metadata. */
    public static ApacheKafkaBroker start(Path dir) {
        ServiceInstallation.deleteTree(dir);
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path props = writeConfig(dir, port, controllerPort);
        List<String> jvmArgs = List.of("-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider",
                "-Dlog4j2.configurationFile=" + resource("kafka-log4j2.xml"));
        try {
            ChildJvm format = ChildJvm.start("kafka-storage-format", jvmArgs, List.of("kafka.tools.StorageTool",
                    "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c", props.toString()),
                    dir.resolve("format.log"));
            if (format.waitFor(60) != 0) {
                throw new IllegalStateException("kafka storage format failed:\n" + format.logTail(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ChildJvm jvm = ChildJvm.start("apache-kafka", jvmArgs, List.of("kafka.Kafka", props.toString()),
                dir.resolve("kafka.log"));
        ApacheKafkaBroker broker = new ApacheKafkaBroker(jvm, port, dir);
        try {
            broker.awaitServing();
            return broker;
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    private void awaitServing() {
        // first the listener, quietly: an Admin client retrying a closed port logs a warning a second
        Awaitility.await("Apache Kafka listening").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    if (!jvm.isAlive()) {
                        throw new IllegalStateException("Apache Kafka exited:\n" + jvm.logTail(40));
                    }
                    return listening(port);
                });
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            Awaitility.await("Apache Kafka serving").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions().until(() -> {
                        if (!jvm.isAlive()) {
                            throw new AssertionError("Apache Kafka exited:\n" + jvm.logTail(40));
                        }
                        return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
                    });
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path writeConfig(Path dir, int port, int controllerPort) {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=" + PARTITIONS,
                // one node: internal topics cannot have more than one replica; few offsets partitions load faster
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=" + PARTITIONS,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("server.properties"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        var url = ApacheKafkaBroker.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        return url.toString();
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        jvm.close();
        ServiceInstallation.deleteTree(dir.resolve("data"));
    }
}
