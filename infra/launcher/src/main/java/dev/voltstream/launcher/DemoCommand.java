package dev.voltstream.launcher;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code voltstream demo [options]}: the options, turned into {@link DemoSettings}, then {@link Demo#run()}. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Builds what is missing, starts a broker, PostgreSQL, the four services and the simulation,",
                "prints the URLs and a live status line. Ctrl-C stops everything."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "1 (default) or 3: a replicated Voltstream cluster (RF=3)")
    int brokers;

    @Option(names = "--kafka", description = "run the services on Apache Kafka (from Maven artifacts) instead")
    boolean kafka;

    @Option(names = "--secure", description = "the broker with SASL_SSL + SCRAM-SHA-512 only and ACLs: key material "
            + "and passwords generated on first run (.voltstream/data/secure), each service under its own user with "
            + "least-privilege ACLs, the console behind a login")
    boolean secure;

    @Option(names = "--fresh", description = "wipe the demo's data (.voltstream/data) and rebuild the jars first")
    boolean fresh;

    @Option(names = "--rebuild", description = "rebuild the broker's and the services' jars even when they exist")
    boolean rebuild;

    @Option(names = "--skip", paramLabel = "SERVICE", split = ",",
            description = "do not start these services (e.g. to run one in quarkus:dev instead)")
    List<String> skip = List.of();

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
            description = "add N to every port (broker 9092, PostgreSQL 5432, services 8081-8084)")
    int portOffset;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "partitions of the demo topics when they are created (default ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:VOLTSTREAM_DB_URL}",
            description = "use this PostgreSQL instead of the embedded one (default: $VOLTSTREAM_DB_URL)")
    String dbUrl;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "how long each part may take to become ready (default ${DEFAULT-VALUE})")
    long startTimeoutSeconds;

    @Option(names = "--status-interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "status line refresh period (default ${DEFAULT-VALUE})")
    long statusIntervalSeconds;

    @Option(names = "--run-for", paramLabel = "SECONDS",
            description = "stop by itself after this many seconds of running (default: until Ctrl-C)")
    Long runForSeconds;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_SECOND",
            description = "the simulation's rate (default: the producer's, 100 events/s); lower on a slow machine")
    Double rate;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "1",
            description = "instances of fraud-, billing- and notification-service (they share their consumer groups'"
                    + " partitions; instance k on the service's port + 100 k; default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "where data, logs and PIDs go (default: .voltstream in the repository)")
    java.nio.file.Path stateDir;

    /** The validated settings these options describe. */
    public DemoSettings settings() {
        if (startTimeoutSeconds <= 0 || statusIntervalSeconds <= 0 || (runForSeconds != null && runForSeconds < 0)) {
            throw new LauncherException("--start-timeout and --status-interval must be positive, --run-for not "
                    + "negative", 2);
        }
        return new DemoSettings(brokers, kafka, fresh, rebuild || fresh, new LinkedHashSet<>(skip), portOffset,
                partitions, Duration.ofSeconds(startTimeoutSeconds), Duration.ofSeconds(statusIntervalSeconds), dbUrl,
                runForSeconds == null ? null : Duration.ofSeconds(runForSeconds), rate, instances, secure);
    }

    @Override
    public Integer call() throws Exception {
        RepoLayout repo = RepoLayout.locate();
        return new Demo(stateDir == null ? repo : repo.withStateDir(stateDir), settings(), System.out).run();
    }
}
