package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What gets built and how brokers, PostgreSQL and services are started, on a fake checkout in a temp dir. */
class BuildAndBrokerSetupTest {
    @TempDir
    Path root;
    RepoLayout repo;

    @BeforeEach
    void fakeCheckout() throws Exception {
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        Files.createDirectories(root.resolve("infra/bin"));
        repo = RepoLayout.of(root);
    }

    private static DemoSettings settings(int brokers, boolean kafka, boolean rebuild, Set<String> skip) {
        return new DemoSettings(brokers, kafka, false, rebuild, skip, 0, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(2), null, null);
    }

    @Test
    void buildsOnlyMissingJarsUnlessToldToRebuild() throws Exception {
        BuildStep build = new BuildStep(repo, null, m -> { });
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of()))).containsExactlyInAnyOrder(
                "broker-service/engine", "ev-station-producer", "fraud-service", "billing-service",
                "notification-service");
        touch(repo.brokerJar());
        touch(repo.serviceJar(ServiceSpec.FRAUD));
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of("billing-service"))))
                .containsExactlyInAnyOrder("ev-station-producer", "notification-service");
        assertThat(build.modulesToBuild(settings(1, true, false, Set.of()))).doesNotContain("broker-service/engine");
        assertThat(build.modulesToBuild(settings(1, false, true, Set.of()))).hasSize(5);
        assertThat(build.command(new java.util.LinkedHashSet<>(List.of("fraud-service", "billing-service")))).containsExactly(
                root.resolve("mvnw").toString(), "-B", "-q", "-pl", "fraud-service,billing-service", "-am", "package",
                "-Dmaven.test.skip=true");
        touch(repo.serviceJar(ServiceSpec.BILLING));
        touch(repo.serviceJar(ServiceSpec.PRODUCER));
        touch(repo.serviceJar(ServiceSpec.NOTIFICATION));
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of()))).isEmpty();
    }

    @Test
    void oneBrokerRunsBrokerStartWithItsDataUnderDotVoltstream() {
        BrokerSetup broker = new BrokerSetup(repo, settings(1, false, false, Set.of()));
        assertThat(broker.command()).startsWith(root.resolve("infra/bin/broker-start.sh").toString(),
                root.resolve("config/server.properties").toString()).contains(
                "log.dirs=" + root.resolve(".voltstream/data/broker"), "listeners=PLAINTEXT://localhost:9092",
                "num.partitions=3", "console.listener=http://localhost:8080");
        assertThat(broker.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(broker.environment()).containsEntry("VOLTSTREAM_NO_BUILD", "1");
    }

    @Test
    void kafkaRunsTheReferenceKafkaOnTheSamePort() {
        BrokerSetup kafka = new BrokerSetup(repo, settings(1, true, false, Set.of()));
        assertThat(kafka.command()).containsExactly(root.resolve("infra/bin/apache-kafka-start.sh").toString(),
                "--port", "9092", "--dir", root.resolve(".voltstream/data/kafka").toString());
        assertThat(kafka.description()).contains("Apache Kafka");
    }

    @Test
    void threeBrokersNeedTheClusterScriptAndSaySoClearlyWithoutIt() throws Exception {
        BrokerSetup cluster = new BrokerSetup(repo, settings(3, false, false, Set.of()));
        assertThatThrownBy(cluster::command).isInstanceOf(LauncherException.class)
                .hasMessageContaining("replicated cluster is not available")
                .extracting(e -> ((LauncherException) e).exitCode()).isEqualTo(3);
        Path script = root.resolve("infra/bin/cluster-start.sh");
        Files.writeString(script, "#!/bin/sh\n");
        script.toFile().setExecutable(true);
        assertThat(cluster.command()).first().isEqualTo(script.toString());
        assertThat(cluster.bootstrapServers()).isEqualTo("localhost:9092,localhost:9093,localhost:9094");
    }

    @Test
    void servicesGetTheSharedDesignsEnvironment() {
        DemoSettings s = new DemoSettings(1, false, false, false, Set.of(), 100, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(2), null, null);
        PostgresSetup pg = new PostgresSetup(repo, s);
        ServiceSetup services = new ServiceSetup(repo, s, "localhost:9192", pg.jdbcUrl());
        assertThat(services.environment(ServiceSpec.BILLING)).containsEntry("QUARKUS_HTTP_PORT", "8183")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:9192")
                .containsEntry("VOLTSTREAM_DB_URL", "jdbc:postgresql://localhost:5532/voltstream")
                .containsEntry("VOLTSTREAM_DB_USER", "voltstream").containsEntry("VOLTSTREAM_DB_PASSWORD", "voltstream");
        assertThat(services.environment(ServiceSpec.PRODUCER)).doesNotContainKey("VOLTSTREAM_DB_URL");
        assertThat(services.command(ServiceSpec.FRAUD)).endsWith("-jar",
                root.resolve("fraud-service/target/quarkus-app/quarkus-run.jar").toString());
        assertThat(services.healthUrl(ServiceSpec.FRAUD)).isEqualTo("http://localhost:8182/q/health/ready");
        List<String> pgCommand = pg.command();
        assertThat(pgCommand).contains(PostgresSetup.MAIN_CLASS, "--port", "5532", "--data-dir",
                root.resolve(".voltstream/data/postgres").toString());
    }

    @Test
    void wipeDeletesATreeAndToleratesAMissingOne() throws Exception {
        Path data = root.resolve(".voltstream/data");
        touch(data.resolve("broker/transactions-0/00000000000000000000.log"));
        Demo.wipe(data);
        assertThat(data).doesNotExist();
        Demo.wipe(data);
    }

    private static void touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
