package dev.voltstream.e2e;

import dev.voltstream.testkit.PostgresDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four services running against one broker and one database: started together, each awaited ready, one of them
 * killed and restarted on demand, all stopped by PID on {@link #close()}. Optionally more instances of each consuming
 * service (same consumer group); every instance's Kafka clients carry {@code <service>-<instance>-} in their
 * client.id, so a consumer group's description tells which instance holds which partitions.
 */
public final class ServiceFleet implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final ServiceInstallation installation;
    private final String bootstrapServers;
    private final PostgresDatabase database;
    private final Path logDir;
    private final Map<ServiceApp, ServiceProcess> running = new EnumMap<>(ServiceApp.class);
    private final Map<ServiceApp, Integer> ports = new EnumMap<>(ServiceApp.class);
    /** Instances 2.. of the consuming services, in start order. */
    private final List<ServiceProcess> extraInstances = new ArrayList<>();
    private int generation;

    public ServiceFleet(ServiceInstallation installation, String bootstrapServers, PostgresDatabase database,
                        Path logDir) {
        this.installation = installation;
        this.bootstrapServers = bootstrapServers;
        this.database = database;
        this.logDir = logDir;
    }

    /** Starts every service (all JVMs at once: they boot in parallel) and waits until each is ready. */
    public void startAll() {
        startAll(1);
    }

    /**
     * Starts every service, {@code instances} instances each of those that consume (fraud, billing, notification;
     * one producer), all JVMs at once, and waits until each is ready.
     */
    public void startAll(int instances) {
        for (ServiceApp app : ServiceApp.values()) {
            ports.put(app, FreePort.next());
            running.put(app, launch(app, 1, ports.get(app)));
            for (int instance = 2; app.usesDatabase() && instance <= instances; instance++) {
                extraInstances.add(launch(app, instance, FreePort.next()));
            }
        }
        running.values().forEach(s -> s.awaitReady(READY_TIMEOUT));
        extraInstances.forEach(s -> s.awaitReady(READY_TIMEOUT));
    }

    /** The client.id prefix of an instance's Kafka clients: {@code <service>-<instance>-}. */
    public static String clientIdPrefix(ServiceApp app, int instance) {
        return app.module() + "-" + instance + "-";
    }

    /**
     * SIGKILLs the service and starts a new JVM of it on the same port at once, without waiting for it to be ready
     * (traffic keeps flowing meanwhile): see {@link #awaitReady(ServiceApp)}.
     */
    public ServiceProcess killAndRelaunch(ServiceApp app) {
        running.remove(app).kill();
        ServiceProcess relaunched = launch(app, 1, ports.get(app));
        running.put(app, relaunched);
        return relaunched;
    }

    public void awaitReady(ServiceApp app) {
        running.get(app).awaitReady(READY_TIMEOUT);
    }

    public ServiceProcess get(ServiceApp app) {
        return running.get(app);
    }

    /** SIGKILLs instance 1 of the service (the one {@link #get} returns), without relaunching it. */
    public void kill(ServiceApp app) {
        running.get(app).kill();
    }

    private ServiceProcess launch(ServiceApp app, int instance, int port) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", bootstrapServers);
        props.put("mp.messaging.connector.smallrye-kafka.client-id-prefix", clientIdPrefix(app, instance));
        // offsets committed every second instead of every 5 s: the drain check sees lag 0 sooner
        props.put("mp.messaging.connector.smallrye-kafka.auto.commit.interval.ms", "1000");
        // a SIGKILLed member holds its partitions until its session expires: 10 s instead of the default 45 s
        props.put("mp.messaging.connector.smallrye-kafka.session.timeout.ms", "10000");
        props.put("mp.messaging.connector.smallrye-kafka.heartbeat.interval.ms", "2000");
        if (app.usesDatabase()) {
            props.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            props.put("quarkus.datasource.username", database.username());
            props.put("quarkus.datasource.password", database.password());
        }
        if (app == ServiceApp.PRODUCER) {
            props.put("simulator.autostart", "false"); // the test decides when traffic starts
        }
        Path log = logDir.resolve(app.module() + (instance == 1 ? "" : "-instance" + instance) + "-"
                + (++generation) + ".log");
        return ServiceProcess.start(app, installation.runJar(app), port, props, log);
    }

    @Override
    public void close() {
        List<ServiceProcess> all = new ArrayList<>(running.values());
        all.addAll(extraInstances);
        all.forEach(ServiceProcess::terminate); // all stop at once, then each is waited for
        all.forEach(ServiceProcess::close);
        running.clear();
        extraInstances.clear();
    }
}
