package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    private static DemoSettings parse(String... args) {
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void defaultsAreOneVoltstreamBrokerAllServicesDefaultPortsUntilCtrlC() {
        DemoSettings s = parse();
        assertThat(s.brokers()).isEqualTo(1);
        assertThat(s.apacheKafka()).isFalse();
        assertThat(s.fresh()).isFalse();
        assertThat(s.rebuild()).isFalse();
        assertThat(s.services()).containsExactlyElementsOf(ServiceSpec.ALL);
        assertThat(s.brokerPort()).isEqualTo(9092);
        assertThat(s.postgresPort()).isEqualTo(5432);
        assertThat(s.httpPort(ServiceSpec.NOTIFICATION)).isEqualTo(8084);
        assertThat(s.consolePort()).isEqualTo(8080);
        assertThat(s.partitions()).isEqualTo(3);
        assertThat(s.runFor()).isNull();
        assertThat(s.statusInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void secureRunsOneVoltstreamBrokerOnly() {
        assertThat(parse().secure()).isFalse();
        DemoSettings s = parse("--secure", "--instances", "2");
        assertThat(s.secure()).isTrue();
        assertThat(s.instancesOf(ServiceSpec.FRAUD)).isEqualTo(2);
        assertThatThrownBy(() -> parse("--secure", "--kafka")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("--secure runs a single Voltstream broker").hasMessageContaining("--kafka")
                .extracting(e -> ((LauncherException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> parse("--secure", "--brokers", "3")).hasMessageContaining("--brokers 3");
    }

    @Test
    void freshAlsoRebuilds() {
        DemoSettings s = parse("--fresh");
        assertThat(s.fresh()).isTrue();
        assertThat(s.rebuild()).isTrue();
    }

    @Test
    void portOffsetShiftsEveryPort() {
        DemoSettings s = parse("--port-offset", "1000");
        assertThat(s.brokerPort()).isEqualTo(10092);
        assertThat(s.postgresPort()).isEqualTo(6432);
        assertThat(s.httpPort(ServiceSpec.PRODUCER)).isEqualTo(9081);
        assertThat(s.consolePort()).isEqualTo(9080);
    }

    @Test
    void instancesRunSeveralOfEachConsumerOnPortsAHundredApartAndOneProducer() {
        DemoSettings s = parse("--instances", "2", "--port-offset", "1000");
        assertThat(s.instancesOf(ServiceSpec.FRAUD)).isEqualTo(2);
        assertThat(s.instancesOf(ServiceSpec.BILLING)).isEqualTo(2);
        assertThat(s.instancesOf(ServiceSpec.NOTIFICATION)).isEqualTo(2);
        assertThat(s.instancesOf(ServiceSpec.PRODUCER)).isEqualTo(1);
        assertThat(s.httpPort(ServiceSpec.BILLING, 0)).isEqualTo(9083);
        assertThat(s.httpPort(ServiceSpec.BILLING, 1)).isEqualTo(9183);
        assertThat(parse().instancesOf(ServiceSpec.FRAUD)).isEqualTo(1);
    }

    @Test
    void instancesOutOfRangeAreAUsageError() {
        assertThatThrownBy(() -> parse("--instances", "0")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("--instances");
        assertThatThrownBy(() -> parse("--instances", "6")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("--instances");
    }

    @Test
    void skippedServicesAreNotStartedAndTheDatabaseOnlyWhenSomeoneNeedsIt() {
        DemoSettings s = parse("--skip", "billing-service,fraud-service", "--skip", "notification-service");
        assertThat(s.services()).containsExactly(ServiceSpec.PRODUCER);
        assertThat(s.needsDatabase()).isFalse();
        assertThat(parse("--skip", "ev-station-producer").needsDatabase()).isTrue();
    }

    @Test
    void anExternalDatabaseReplacesTheEmbeddedOne() {
        assertThat(parse().embeddedDatabase()).isEqualTo(System.getenv("VOLTSTREAM_DB_URL") == null);
        DemoSettings s = parse("--db-url", "jdbc:postgresql://db:5432/x");
        assertThat(s.embeddedDatabase()).isFalse();
        assertThat(new PostgresSetup(RepoLayout.locate(), s).jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/x");
    }

    @Test
    void theRateIsTheProducersUnlessGiven() {
        assertThat(parse().rate()).isNull();
        assertThat(parse("--rate", "12.5").rate()).isEqualTo(12.5);
        assertThatThrownBy(() -> parse("--rate", "0")).hasMessageContaining("--rate");
    }

    @Test
    void timesAreInSeconds() {
        DemoSettings s = parse("--start-timeout", "30", "--status-interval", "1", "--run-for", "5");
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.statusInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.runFor()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidCombinationsAreUsageErrors() {
        assertThatThrownBy(() -> parse("--brokers", "2")).isInstanceOf(LauncherException.class)
                .hasMessageContaining("1 or 3").extracting(e -> ((LauncherException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> parse("--kafka", "--brokers", "3")).hasMessageContaining("--kafka");
        assertThatThrownBy(() -> parse("--skip", "payments")).hasMessageContaining("no such service");
        assertThatThrownBy(() -> parse("--partitions", "0")).hasMessageContaining("--partitions");
        assertThatThrownBy(() -> parse("--status-interval", "0")).hasMessageContaining("positive");
    }

    @Test
    void theCommandLineReportsUsageErrorsWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = VoltstreamLauncher.commandLine().setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option", "Usage: voltstream demo");
        err.getBuffer().setLength(0);
        assertThat(cli.execute("demo", "--brokers", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("voltstream: --brokers must be 1 or 3");
    }

    @Test
    void helpListsTheDemo() {
        StringWriter out = new StringWriter();
        CommandLine cli = VoltstreamLauncher.commandLine().setOut(new PrintWriter(out));
        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("demo");
    }
}
