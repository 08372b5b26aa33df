package dev.voltstream.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code voltstream demo}: cleans up after a killed earlier run, builds what is missing, starts the broker(s) and
 * PostgreSQL, creates the topics, starts the services and the simulation, waits for each to be ready, prints where
 * to look, then a status line until Ctrl-C (or {@code --run-for}); then, and on any failure, stops every process it
 * started, the last first.
 */
public final class Demo {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final RepoLayout repo;
    private final DemoSettings settings;
    private final PrintStream out;
    private final Readiness readiness = new Readiness();
    private volatile boolean stopping;

    public Demo(RepoLayout repo, DemoSettings settings, PrintStream out) {
        this.repo = repo;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the demo; returns the exit code. */
    public int run() throws Exception {
        stopLeftovers();
        if (settings.fresh()) {
            wipe(repo.dataDir());
            out.println("--fresh: wiped " + repo.dataDir());
        }
        ProcessBook book = new ProcessBook(repo.runDir().resolve("pids"), STOP_GRACE, out::println);
        Thread hook = new Thread(() -> {
            stopping = true;
            out.println();
            book.close();
            out.println("Stopped.");
        }, "voltstream-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runBooked(book);
        } catch (LauncherException e) {
            if (stopping) {
                return 130; // interrupted by a signal while starting: what failed is the stop itself
            }
            // said before the stop messages, so that the cause is not buried under them
            System.err.println("voltstream: " + e.getMessage());
            return e.exitCode();
        } finally {
            if (!stopping) {
                stopping = true;
                book.close();
                out.println("Stopped.");
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook finds the book closed
                }
            }
        }
    }

    private int runBooked(ProcessBook book) throws Exception {
        DemoSecurity security = settings.secure() ? DemoSecurity.prepare(repo, out::println) : null;
        BrokerSetup brokers = new BrokerSetup(repo, settings, security);
        List<String> brokerCommand = brokers.command(); // fails first when --brokers 3 has no cluster script
        checkPortsFree(brokers);
        new BuildStep(repo, book, out::println).run(settings);

        out.println("Starting " + brokers.description() + " on " + brokers.bootstrapServers() + " (data in "
                + brokers.dataDir() + ")...");
        ManagedProcess broker = book.start("broker", brokerCommand, repo.root(), brokers.environment(),
                repo.logDir().resolve("broker.log"));
        PostgresSetup postgres = new PostgresSetup(repo, settings);
        ManagedProcess pg = null;
        if (settings.needsDatabase() && settings.embeddedDatabase()) {
            out.println("Starting PostgreSQL (embedded) on localhost:" + settings.postgresPort() + " (data in "
                    + postgres.dataDir() + ")...");
            pg = book.start("postgres", postgres.command(), repo.root(), Map.of(),
                    repo.logDir().resolve("postgres.log"));
        }
        Properties adminConfig = adminConfig(brokers.bootstrapServers());
        if (security != null) {
            security.applyAdmin(adminConfig);
        }
        try (Admin admin = Admin.create(adminConfig)) {
            List<ManagedProcess> brokerProcesses = brokers.awaitReady(admin, broker, book);
            TopicSetup.createMissing(admin, settings.partitions(), (short) settings.brokers());
            if (security != null) {
                // every service's, also of one left out to run in quarkus:dev (with its user's settings)
                ServiceAcls.create(admin, ServiceSpec.ALL);
            }
            if (pg != null) {
                ManagedProcess main = pg;
                Readiness.await("PostgreSQL", () -> postgres.isReady(main), pg, settings.startTimeout());
                postgres.postmasterPid().ifPresent(pid -> book.addCompanion(main, pid));
            }
            ServiceSetup services = new ServiceSetup(repo, settings, brokers.bootstrapServers(), postgres.jdbcUrl(),
                    security);
            List<ManagedProcess> started = startServices(book, services);
            startSimulation(services);
            new DemoUrls(settings, readiness, security).print(out, brokers, postgres.jdbcUrl(), repo.logDir());
            return watch(admin, services, started, brokerProcesses);
        }
    }

    /**
     * Starts every instance of every service ({@code --instances}: the consumers' instances share their groups'
     * partitions; the second is named {@code <module>-2}, logs to {@code <module>-2.log}, listens on port + 100), then
     * waits until each is ready.
     */
    private List<ManagedProcess> startServices(ProcessBook book, ServiceSetup services) {
        List<ManagedProcess> started = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> healthUrls = new ArrayList<>();
        for (ServiceSpec service : settings.services()) {
            for (int k = 0; k < settings.instancesOf(service); k++) {
                String name = k == 0 ? service.module() : service.module() + "-" + (k + 1);
                out.println("Starting " + name + " on :" + settings.httpPort(service, k) + "...");
                started.add(book.start(name, services.command(service), repo.root().resolve(service.module()),
                        services.environment(service, k), repo.logDir().resolve(name + ".log")));
                names.add(name);
                healthUrls.add(services.healthUrl(service, k));
            }
        }
        book.peers(started); // none uses another: stopped together, each leaving its groups meanwhile
        for (int i = 0; i < started.size(); i++) {
            String url = healthUrls.get(i);
            Readiness.await(names.get(i), () -> readiness.httpOk(url), started.get(i), settings.startTimeout());
            out.println("  " + names.get(i) + " is ready");
        }
        return started;
    }

    /** The producer starts simulating by itself (simulator.autostart); this makes sure, and is a no-op otherwise. */
    private void startSimulation(ServiceSetup services) {
        if (settings.services().contains(ServiceSpec.PRODUCER)) {
            int status = readiness.post(services.baseUrl(ServiceSpec.PRODUCER) + "/api/simulation/start");
            if (status != 200) {
                out.println("WARNING: POST /api/simulation/start answered " + status);
            }
        }
    }

    /** Prints the status line until stopped, the run time is over, or a process dies (exit code 1). */
    private int watch(Admin admin, ServiceSetup services, List<ManagedProcess> started, List<ManagedProcess> brokers)
            throws InterruptedException {
        String metrics = settings.services().contains(ServiceSpec.NOTIFICATION)
                ? services.baseUrl(ServiceSpec.NOTIFICATION) + "/q/metrics" : null;
        StatusWatch watch = new StatusWatch(new StatusSampler(admin, readiness, metrics), started, brokers,
                settings.brokers() > 1, out, () -> stopping);
        return watch.run(settings.statusInterval(), settings.runFor());
    }

    private void checkPortsFree(BrokerSetup brokers) {
        List<String> busy = new ArrayList<>();
        brokers.ports().stream().filter(Readiness::portOpen).forEach(p -> busy.add(p + " (broker)"));
        if (settings.needsDatabase() && settings.embeddedDatabase() && Readiness.portOpen(settings.postgresPort())) {
            busy.add(settings.postgresPort() + " (PostgreSQL)");
        }
        for (ServiceSpec s : settings.services()) {
            for (int k = 0; k < settings.instancesOf(s); k++) {
                if (Readiness.portOpen(settings.httpPort(s, k))) {
                    busy.add(settings.httpPort(s, k) + " (" + s.module() + ")");
                }
            }
        }
        if (!busy.isEmpty()) {
            throw new LauncherException("ports already in use on localhost: " + String.join(", ", busy)
                    + ". Is another demo or broker running? (--port-offset N shifts every port)");
        }
    }

    /** Stops what a killed earlier run left behind, or refuses to start when that run is still alive. */
    private void stopLeftovers() {
        List<ProcessBook.Leftover> leftovers = ProcessBook.leftovers(repo.runDir().resolve("pids"));
        for (ProcessBook.Leftover l : leftovers) {
            if (l.isLauncher() && l.pid() != ProcessHandle.current().pid()) {
                throw new LauncherException("a demo already runs from this checkout (launcher PID " + l.pid()
                        + "); stop it with Ctrl-C or kill " + l.pid());
            }
        }
        for (int i = leftovers.size() - 1; i >= 0; i--) {
            ProcessBook.Leftover l = leftovers.get(i);
            out.println("Stopping " + l.name() + " (PID " + l.pid() + ") left by an earlier run...");
            ProcessHandle.of(l.pid()).ifPresent(h -> new ManagedProcess(l.name(), h).stop(STOP_GRACE));
        }
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Properties adminConfig(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "voltstream-launcher");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }
}
