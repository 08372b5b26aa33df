package dev.voltstream.testkit;

/**
 * A server someone else runs, named by {@code VOLTSTREAM_PG_URL} (a JDBC URL of a database to administer from, e.g.
 * {@code jdbc:postgresql://localhost:5432/postgres}), {@code VOLTSTREAM_PG_USER} and {@code VOLTSTREAM_PG_PASSWORD}.
 * The user needs CREATEDB. Never stopped by us.
 */
final class ExternalPostgres implements PostgresServer {
    private final String url;
    private final String username;
    private final String password;

    ExternalPostgres(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public String jdbcUrl(String database) {
        return JdbcUrls.withDatabase(url, database);
    }

    @Override
    public String adminDatabase() {
        return JdbcUrls.database(url);
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
