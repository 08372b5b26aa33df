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
                Duration.ofSeconds(2), null, null, null);
    }

    @Test
    void buildsOnlyMissingServiceJarsUnlessToldToRebuildAndTheBrokerAsBrokerStartWould() throws Exception {
        BuildStep build = new BuildStep(repo, null, m -> { });
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of()))).containsExactly(
                "fraud-service", "billing-service", "notification-service", "ev-station-producer");
        touch(repo.serviceJar(ServiceSpec.FRAUD));
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of("billing-service"))))
                .containsExactly("notification-service", "ev-station-producer");
        assertThat(build.modulesToBuild(settings(1, false, true, Set.of()))).hasSize(4);
        assertThat(build.command(new java.util.LinkedHashSet<>(List.of("fraud-service", "billing-service"))))
                .containsExactly(root.resolve("mvnw").toString(), "-B", "-q", "-pl", "fraud-service,billing-service",
                        "-am", "package", "-Dmaven.test.skip=true");
        touch(repo.serviceJar(ServiceSpec.BILLING));
        touch(repo.serviceJar(ServiceSpec.PRODUCER));
        touch(repo.serviceJar(ServiceSpec.NOTIFICATION));
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of()))).isEmpty();
        Path edited = root.resolve("billing-service/src/main/java/Edited.java");
        touch(edited);
        Files.setLastModifiedTime(edited, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(repo.serviceJar(ServiceSpec.BILLING)).toMillis() + 5000));
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of()))).containsExactly("billing-service");
        Path contract = root.resolve("event-contracts/src/main/java/Event.java");
        touch(contract);
        Files.setLastModifiedTime(contract, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 60_000));
        assertThat(build.modulesToBuild(settings(1, false, false, Set.of()))).hasSize(4);
        assertThat(String.join(" ", build.brokerCommand())).contains("source infra/lib/common.sh", "ensure_broker_jar");
    }

    @Test
    void oneBrokerRunsBrokerStartWithItsDataUnderDotVoltstream() {
        BrokerSetup broker = new BrokerSetup(repo, settings(1, false, false, Set.of()));
        assertThat(broker.command()).startsWith(root.resolve("infra/bin/broker-start.sh").toString(),
                root.resolve("config/server.properties").toString()).contains(
                "log.dirs=" + root.resolve(".voltstream/data/broker"), "listeners=PLAINTEXT://localhost:9092",
                "num.partitions=3", "console.listener=http://localhost:8080");
        assertThat(broker.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(broker.environment()).containsEntry("VOLTSTREAM_NO_BUILD", "1")
                .doesNotContainKey("VOLTSTREAM_CLUSTER_DIR");
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
        assertThat(cluster.command()).containsExactly(script.toString(), "3");
        assertThat(cluster.environment()).containsEntry("VOLTSTREAM_CLUSTER_DIR",
                root.resolve(".voltstream/data/cluster").toString()).containsEntry("VOLTSTREAM_CLUSTER_PORT", "9092");
        assertThat(cluster.bootstrapServers()).isEqualTo("localhost:9092,localhost:9093,localhost:9094");
    }

    @Test
    void aClusterThatDoesNotStartIsReportedWithExitCodeThreeAndItsBrokersAreStillBooked() throws Exception {
        BrokerSetup cluster = new BrokerSetup(repo, settings(3, false, false, Set.of()));
        Path dir = root.resolve(".voltstream/data/cluster");
        Files.createDirectories(dir);
        ProcessBook book = new ProcessBook(root.resolve("pids"), Duration.ofSeconds(5), m -> { });
        Process straggler = new ProcessBuilder("sleep", "60").start(); // a broker the script started before failing
        try {
            Files.writeString(dir.resolve("pids"), straggler.pid() + "\n");
            ManagedProcess script = book.start("cluster-start", List.of("sh", "-c", "echo broker 2 exited; exit 1"),
                    root, java.util.Map.of(), root.resolve("cluster-start.log"));
            assertThatThrownBy(() -> cluster.awaitReady(null, script, book)).isInstanceOf(LauncherException.class)
                    .hasMessageContaining("did not start").hasMessageContaining("broker 2 exited")
                    .extracting(e -> ((LauncherException) e).exitCode()).isEqualTo(3);
            assertThat(book.processes()).extracting(ManagedProcess::name).containsExactly("cluster-start", "broker-1");
            assertThat(book.processes().get(1).log()).isEqualTo(dir.resolve("broker-1/broker.out"));
            book.close();
            assertThat(straggler.isAlive()).isFalse();
        } finally {
            straggler.destroyForcibly();
        }
    }

    @Test
    void servicesGetTheSharedDesignsEnvironment() throws Exception {
        DemoSettings s = new DemoSettings(1, false, false, false, Set.of(), 100, 3, Duration.ofSeconds(60),
                Duration.ofSeconds(2), null, null, 20.0);
        PostgresSetup pg = new PostgresSetup(repo, s);
        ServiceSetup services = new ServiceSetup(repo, s, "localhost:9192", pg.jdbcUrl());
        assertThat(services.environment(ServiceSpec.BILLING)).containsEntry("QUARKUS_HTTP_PORT", "8183")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:9192")
                .containsEntry("VOLTSTREAM_DB_URL", "jdbc:postgresql://localhost:5532/voltstream")
                .containsEntry("VOLTSTREAM_DB_USER", "voltstream").containsEntry("VOLTSTREAM_DB_PASSWORD", "voltstream");
        assertThat(services.environment(ServiceSpec.PRODUCER)).doesNotContainKey("VOLTSTREAM_DB_URL")
                .containsEntry("SIMULATOR_EVENTS_PER_SECOND", "20.0");
        assertThat(services.environment(ServiceSpec.FRAUD)).doesNotContainKey("SIMULATOR_EVENTS_PER_SECOND");
        assertThat(services.environment(ServiceSpec.BILLING, 1)).containsEntry("QUARKUS_HTTP_PORT", "8283")
                .containsEntry("VOLTSTREAM_DB_URL", "jdbc:postgresql://localhost:5532/voltstream");
        touch(repo.serviceJar(ServiceSpec.FRAUD));
        touch(repo.serviceJar(ServiceSpec.FRAUD).resolveSibling("lib/main/dep.jar"));
        assertThat(services.command(ServiceSpec.FRAUD)).endsWith("-jar",
                root.resolve(".voltstream/apps/fraud-service/quarkus-run.jar").toString());
        assertThat(root.resolve(".voltstream/apps/fraud-service/lib/main/dep.jar")).hasContent("x");
        assertThat(services.healthUrl(ServiceSpec.FRAUD)).isEqualTo("http://localhost:8182/q/health/ready");
        List<String> pgCommand = pg.command();
        assertThat(pgCommand).contains(PostgresSetup.MAIN_CLASS, "--port", "5532", "--data-dir",
                root.resolve(".voltstream/data/postgres").toString());
    }

    @Test
    void servicesRunFromACopyRefreshedOnlyWhenTheirBuildIsNewer() throws Exception {
        AppStaging staging = new AppStaging(repo);
        Path jar = repo.serviceJar(ServiceSpec.BILLING);
        touch(jar);
        touch(jar.resolveSibling("app/billing.jar"));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        Path staged = staging.stage(ServiceSpec.BILLING);
        assertThat(staged).isEqualTo(staging.stagedDir(ServiceSpec.BILLING).resolve("quarkus-run.jar")).hasContent("x");
        Files.writeString(staged.resolveSibling("app/billing.jar"), "local");
        staging.stage(ServiceSpec.BILLING); // same build: nothing copied
        assertThat(staged.resolveSibling("app/billing.jar")).hasContent("local");
        Files.writeString(jar.resolveSibling("app/billing.jar"), "rebuilt");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(2_000_000));
        staging.stage(ServiceSpec.BILLING);
        assertThat(staged.resolveSibling("app/billing.jar")).hasContent("rebuilt");
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
