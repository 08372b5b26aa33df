package dev.voltstream.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One database of the fixture's server, with what a client needs to reach it. */
public record PostgresDatabase(String name, String jdbcUrl, String username, String password) {

    /** A new JDBC connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }
}
