package dev.voltstream.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL JDBC URL surgery: the same server and parameters, another database. */
final class JdbcUrls {
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?$");

    private JdbcUrls() {
    }

    /** {@code jdbc:postgresql://h:p/old?x=y} with database → {@code jdbc:postgresql://h:p/database?x=y}. */
    static String withDatabase(String url, String database) {
        Matcher m = matcher(url);
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    /** The database a URL names; {@code postgres} when it names none (the server then uses the user's name). */
    static String database(String url) {
        Matcher m = matcher(url);
        return m.group(2) == null || m.group(2).isEmpty() ? "postgres" : m.group(2);
    }

    private static Matcher matcher(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url);
        }
        return m;
    }
}
