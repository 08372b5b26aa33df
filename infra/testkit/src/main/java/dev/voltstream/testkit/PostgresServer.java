package dev.voltstream.testkit;

/**
 * A running PostgreSQL server the fixture can create databases on, as a superuser (or a user with CREATEDB).
 */
public interface PostgresServer extends AutoCloseable {

    /** Where it comes from: {@code external}, {@code testcontainers} or {@code embedded}. */
    String kind();

    /** JDBC URL of the named database on this server. */
    String jdbcUrl(String database);

    /** The database to connect to for administration ({@code CREATE DATABASE}). */
    String adminDatabase();

    String username();

    String password();

    /** Stops the server if this JVM started it; leaves an external server alone. */
    @Override
    void close();
}
