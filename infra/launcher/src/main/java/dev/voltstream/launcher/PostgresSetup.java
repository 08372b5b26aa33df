package dev.voltstream.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The demo's PostgreSQL: the embedded one of the testkit ({@code dev.voltstream.testkit.EmbeddedPostgresMain}, run
 * from the launcher's own class path in a JVM of its own, data in {@code .voltstream/data/postgres}), unless
 * {@code VOLTSTREAM_DB_URL} (or {@code --db-url}) names one to use instead.
 */
public final class PostgresSetup {
    static final String MAIN_CLASS = "dev.voltstream.testkit.EmbeddedPostgresMain";
    static final String READY_LINE = "JDBC_URL=";
    static final String USER = "voltstream";
    static final String PASSWORD = "voltstream";

    private final RepoLayout repo;
    private final DemoSettings settings;

    public PostgresSetup(RepoLayout repo, DemoSettings settings) {
        this.repo = repo;
        this.settings = settings;
    }

    public Path dataDir() {
        return repo.dataDir().resolve("postgres");
    }

    /** The JDBC URL the services get. */
    public String jdbcUrl() {
        return settings.embeddedDatabase()
                ? "jdbc:postgresql://localhost:" + settings.postgresPort() + "/voltstream"
                : settings.databaseUrl();
    }

    /**
     * The command that runs the embedded PostgreSQL until SIGTERM, on the class path of this JVM. The heap is for the
     * first start on a machine, which unpacks the PostgreSQL binaries in memory (96 MB ran out); later starts find
     * them unpacked and use little of it.
     */
    public List<String> command() {
        return List.of(Java.executable(), "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MAIN_CLASS, "--port", String.valueOf(settings.postgresPort()), "--data-dir", dataDir().toString(),
                "--database", "voltstream", "--user", USER, "--password", PASSWORD);
    }

    /** True once the main printed its JDBC URL line: the server runs and the role and database exist. */
    public boolean isReady(ManagedProcess main) {
        try {
            return Files.readString(main.log()).contains(READY_LINE) && Readiness.portOpen(settings.postgresPort());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The postmaster's PID from {@code postmaster.pid}: {@code pg_ctl} daemonizes it, so it is not a descendant of
     * the main and must be booked on its own.
     */
    public Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
