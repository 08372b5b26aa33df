package dev.voltstream.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests, one server per JVM and a fresh database per caller so tests never see each other's
 * rows. The server is, in order of preference:
 * <ol>
 *   <li>the one named by env {@code VOLTSTREAM_PG_URL} (+ {@code VOLTSTREAM_PG_USER}, {@code VOLTSTREAM_PG_PASSWORD};
 *   system properties {@code voltstream.pg.url/user/password} work too), e.g. CI's own PostgreSQL;</li>
 *   <li>a Testcontainers container when a Docker engine answers;</li>
 *   <li>embedded PostgreSQL (zonky), data under the module's {@code target/}.</li>
 * </ol>
 * Started lazily on first use and stopped by a shutdown hook.
 */
public final class PostgresFixture {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresServer server;

    private PostgresFixture() {
    }

    /** The shared server, started on first call. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = startServer();
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-fixture-stop"));
        }
        return server;
    }

    /** A new empty database on the shared server, named {@code test_<n>_<random>}. */
    public static PostgresDatabase newDatabase() {
        return newDatabase("test");
    }

    /**
     * A new empty database on the shared server, named {@code <prefix>_<n>_<random>} (the prefix is lower-cased and
     * reduced to letters, digits and underscores), owned by the server's user.
     */
    public static PostgresDatabase newDatabase(String prefix) {
        PostgresServer s = server();
        String name = databaseName(prefix);
        execute(s, "CREATE DATABASE " + name);
        return new PostgresDatabase(name, s.jdbcUrl(name), s.username(), s.password());
    }

    /** Drops a database made by {@link #newDatabase}, disconnecting whoever is still connected. */
    public static void drop(PostgresDatabase database) {
        execute(server(), "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
    }

    static String databaseName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "db_" + clean;
        }
        clean = clean.substring(0, Math.min(clean.length(), 40));
        return clean + "_" + COUNTER.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void execute(PostgresServer s, String sql) {
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(s.adminDatabase()), s.username(), s.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on the " + s.kind() + " PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static PostgresServer startServer() {
        String url = setting("VOLTSTREAM_PG_URL");
        if (url != null) {
            return new ExternalPostgres(url, orElse(setting("VOLTSTREAM_PG_USER"), "postgres"),
                    orElse(setting("VOLTSTREAM_PG_PASSWORD"), ""));
        }
        if (DockerProbe.dockerAvailable()) {
            return ContainerPostgres.start();
        }
        return EmbeddedPostgresServer.start(TestDirs.scratch("embedded-pg"), 0, true);
    }

    /** Env {@code VOLTSTREAM_PG_URL}, or system property {@code voltstream.pg.url}. */
    private static String setting(String env) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(env.toLowerCase(Locale.ROOT).replace('_', '.'));
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
