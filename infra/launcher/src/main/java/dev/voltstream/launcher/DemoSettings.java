package dev.voltstream.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What {@code voltstream demo} was asked to do, validated: which broker flavour and how many brokers, which
 * services, ports, timeouts. Ports shift together by {@code portOffset} so that a second demo (a test, say) can
 * run beside the default one.
 *
 * @param brokers        1, or 3 for the replicated cluster
 * @param apacheKafka    run the services on Apache Kafka instead of Voltstream
 * @param fresh          wipe the data directory (and rebuild) before starting
 * @param rebuild        rebuild the jars even when they exist
 * @param skipped        services not to start (e.g. one that runs in {@code quarkus:dev} instead)
 * @param portOffset     added to every default port (9092, 5432, 808x)
 * @param partitions     partitions of each demo topic created up front
 * @param startTimeout   how long every part may take to become ready
 * @param statusInterval how often the status line is refreshed
 * @param databaseUrl    an external PostgreSQL (JDBC URL) instead of the embedded one, or null
 * @param runFor         stop by itself after this long (tests, CI), or null to run until Ctrl-C
 * @param rate           the simulation's events per second, or null for the producer's default (100)
 * @param instances      how many instances of each consuming service (fraud, billing, notification) to run; they
 *                       share their consumer group's partitions (instance k listens on the service's port + 100 k)
 * @param secure         the broker with SASL_SSL + SCRAM-SHA-512 only and ACLs, each service under its own user
 *                       ({@link DemoSecurity})
 */
public record DemoSettings(int brokers, boolean apacheKafka, boolean fresh, boolean rebuild, Set<String> skipped,
        int portOffset, int partitions, Duration startTimeout, Duration statusInterval, String databaseUrl,
        Duration runFor, Double rate, int instances, boolean secure) {

    /** The most instances of a service: their ports (+100 each) stay below the broker's. */
    public static final int MAX_INSTANCES = 5;

    /** One instance of each service. */
    public DemoSettings(int brokers, boolean apacheKafka, boolean fresh, boolean rebuild, Set<String> skipped,
            int portOffset, int partitions, Duration startTimeout, Duration statusInterval, String databaseUrl,
            Duration runFor, Double rate) {
        this(brokers, apacheKafka, fresh, rebuild, skipped, portOffset, partitions, startTimeout, statusInterval,
                databaseUrl, runFor, rate, 1, false);
    }

    public DemoSettings {
        if (brokers != 1 && brokers != 3) {
            throw new LauncherException("--brokers must be 1 or 3, was " + brokers, 2);
        }
        if (apacheKafka && brokers != 1) {
            throw new LauncherException("--kafka runs a single Apache Kafka node; it does not combine with --brokers "
                    + brokers, 2);
        }
        for (String name : skipped) {
            if (ServiceSpec.byModule(name).isEmpty()) {
                throw new LauncherException("--skip " + name + ": no such service (one of "
                        + ServiceSpec.ALL.stream().map(ServiceSpec::module).toList() + ")", 2);
            }
        }
        if (portOffset < 0 || portOffset > 20000) {
            throw new LauncherException("--port-offset must be between 0 and 20000, was " + portOffset, 2);
        }
        if (partitions < 1) {
            throw new LauncherException("--partitions must be at least 1, was " + partitions, 2);
        }
        if (rate != null && !(rate > 0)) {
            throw new LauncherException("--rate must be positive, was " + rate, 2);
        }
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new LauncherException("--instances must be between 1 and " + MAX_INSTANCES + ", was " + instances, 2);
        }
        if (secure && (apacheKafka || brokers != 1)) {
            throw new LauncherException("--secure runs a single Voltstream broker; it does not combine with "
                    + (apacheKafka ? "--kafka" : "--brokers " + brokers), 2);
        }
        skipped = Set.copyOf(skipped);
    }

    /** The services to start, in start order. */
    public List<ServiceSpec> services() {
        return ServiceSpec.ALL.stream().filter(s -> !skipped.contains(s.module())).toList();
    }

    /** Client port of the first (or only) broker. */
    public int brokerPort() {
        return 9092 + portOffset;
    }

    public int postgresPort() {
        return 5432 + portOffset;
    }

    public int httpPort(ServiceSpec service) {
        return httpPort(service, 0);
    }

    /** The HTTP port of instance {@code k} (0 = the first) of a service. */
    public int httpPort(ServiceSpec service, int k) {
        return service.defaultPort() + portOffset + 100 * k;
    }

    /**
     * How many instances of the service run: {@link #instances()} for the consumers, one producer (a second would
     * simulate the same stations twice).
     */
    public int instancesOf(ServiceSpec service) {
        return service.equals(ServiceSpec.PRODUCER) ? 1 : instances;
    }

    /** The broker's web console, served by the (first) broker when it has one. */
    public int consolePort() {
        return 8080 + portOffset;
    }

    public boolean embeddedDatabase() {
        return databaseUrl == null || databaseUrl.isBlank();
    }

    public boolean needsDatabase() {
        return services().stream().anyMatch(ServiceSpec::usesDatabase);
    }
}
