package dev.voltstream.e2e;

import dev.voltstream.testkit.PostgresDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four services running against one broker and one database: started together, each awaited ready, one of them
 * killed and restarted on demand, all stopped by PID on {@link #close()}.
 */
public final class ServiceFleet implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final ServiceInstallation installation;
    private final String bootstrapServers;
    private final PostgresDatabase database;
    private final Path logDir;
    private final Map<ServiceApp, ServiceProcess> running = new EnumMap<>(ServiceApp.class);
    private final Map<ServiceApp, Integer> ports = new EnumMap<>(ServiceApp.class);
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
        for (ServiceApp app : ServiceApp.values()) {
            ports.put(app, FreePort.next());
            running.put(app, launch(app));
        }
        running.values().forEach(s -> s.awaitReady(READY_TIMEOUT));
    }

    /**
     * SIGKILLs the service and starts a new JVM of it on the same port at once, without waiting for it to be ready
     * (traffic keeps flowing meanwhile): see {@link #awaitReady(ServiceApp)}.
     */
    public ServiceProcess killAndRelaunch(ServiceApp app) {
        running.remove(app).kill();
        ServiceProcess relaunched = launch(app);
        running.put(app, relaunched);
        return relaunched;
    }

    public void awaitReady(ServiceApp app) {
        running.get(app).awaitReady(READY_TIMEOUT);
    }

    public ServiceProcess get(ServiceApp app) {
        return running.get(app);
    }

    private ServiceProcess launch(ServiceApp app) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", bootstrapServers);
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
        Path log = logDir.resolve(app.module() + "-" + (++generation) + ".log");
        return ServiceProcess.start(app, installation.runJar(app), ports.get(app), props, log);
    }

    @Override
    public void close() {
        running.values().forEach(ServiceProcess::terminate); // all stop at once, then each is waited for
        running.values().forEach(ServiceProcess::close);
        running.clear();
    }
}
