package dev.voltstream.e2e;

import dev.voltstream.testkit.PostgresDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.voltstream.broker.testkit.FreePorts;

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
            ports.put(app, FreePorts.next());
            running.put(app, launch(app, 1, ports.get(app)));
            for (int instance = 2; app.usesDatabase() && instance <= instances; instance++) {
                extraInstances.add(launch(app, instance, FreePorts.next()));
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
        // each offset commit (the connector) and each acknowledged batch (the kit) in the log, for a drain that fails
        // (see problems)
        props.put("quarkus.log.category.\"io.smallrye.reactive.messaging.kafka\".level", "DEBUG");
        props.put("quarkus.log.category.\"dev.voltstream.kit.consumer\".level", "DEBUG");
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

    /**
     * What a failed assertion prints, since the logs stay behind on the machine that ran the test: the WARN and ERROR
     * lines of every service log so far (at most {@code max}), and for each of {@code partitions} (e.g.
     * {@code invoices-4}) the last lines naming it (the Kafka connector logs each commit at DEBUG). Lines are cut to
     * 300 characters, file name first.
     */
    public String problems(int max, Collection<String> partitions) {
        List<String> problems = new ArrayList<>();
        Map<String, Deque<String>> mentions = new TreeMap<>();
        Map<String, Pattern> naming = new TreeMap<>();
        partitions.forEach(p -> {
            mentions.put(p, new ArrayDeque<>());
            naming.put(p, Pattern.compile("\\b" + Pattern.quote(p) + "\\b"));
        });
        try (Stream<Path> logs = Files.list(logDir)) {
            for (Path log : logs.sorted().toList()) {
                try (Stream<String> content = Files.lines(log, StandardCharsets.UTF_8)) {
                    content.forEach(line -> {
                        String shown = log.getFileName() + ": "
                                + (line.length() <= 300 ? line : line.substring(0, 300) + "…");
                        if (line.contains(" WARN ") || line.contains(" ERROR ")) {
                            problems.add(shown);
                        }
                        mentions.forEach((partition, last) -> {
                            if (naming.get(partition).matcher(line).find()) {
                                last.addLast(shown);
                                if (last.size() > 4) {
                                    last.removeFirst();
                                }
                            }
                        });
                    });
                } catch (IOException | UncheckedIOException e) {
                    problems.add(log.getFileName() + ": unreadable: " + e);
                }
            }
        } catch (IOException e) {
            return "service logs unreadable: " + e;
        }
        StringBuilder out = new StringBuilder().append(problems.size()).append(" WARN/ERROR lines in ").append(logDir);
        problems.stream().limit(max).forEach(l -> out.append('\n').append(l));
        mentions.forEach((partition, last) -> {
            out.append("\nlast lines naming ").append(partition).append(':');
            last.forEach(l -> out.append('\n').append(l));
        });
        return out.toString();
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
