package dev.voltstream.load;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own profile of the run: pg_stat_statements (when the server preloads it; the embedded one does with
 * {@code VOLTSTREAM_POSTGRES_SETTINGS=shared_preload_libraries=pg_stat_statements}), reset when the measured part
 * starts and read at the end: which statements the services spent the database's time on.
 */
final class PgStatements {
    private static final Pattern PARAMETER = Pattern.compile("\\$\\d+");
    private static final Pattern PARAMETER_LIST = Pattern.compile("\\(\\?(?:, ?\\?)+\\)");
    private static final Pattern REPEATED_ROWS = Pattern.compile(
            "(?i)values \\(\\?, \\.\\.\\.\\)(?:, ?\\(\\?, \\.\\.\\.\\))*");
    /** One normalised statement's totals. */
    record Row(String query, long calls, long rows, double totalMs, double planMs) {
    }

    private PgStatements() {
    }

    /** Starts counting from zero; false when pg_stat_statements is not available (the profile is then skipped). */
    static boolean reset(Connection db) {
        try (Statement st = db.createStatement()) {
            st.execute("SELECT pg_stat_statements_reset()");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The {@code limit} statements with the most execution time since the reset, most first. Variants of one statement
     * that differ only in how many values an IN list or a multi-row VALUES has (each its own entry in
     * pg_stat_statements) are added up as one.
     */
    static List<Row> top(Connection db, int limit) throws SQLException {
        Map<String, Row> byStatement = new LinkedHashMap<>();
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT query, calls, rows, total_exec_time + total_plan_time, total_plan_time"
                     + " FROM pg_stat_statements"
                     + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            while (rs.next()) {
                Row row = new Row(normalised(rs.getString(1)), rs.getLong(2), rs.getLong(3), rs.getDouble(4),
                        rs.getDouble(5));
                byStatement.merge(row.query(), row, (a, b) -> new Row(a.query(), a.calls() + b.calls(),
                        a.rows() + b.rows(), a.totalMs() + b.totalMs(), a.planMs() + b.planMs()));
            }
        }
        return byStatement.values().stream().sorted(Comparator.comparingDouble(Row::totalMs).reversed())
                .limit(limit).toList();
    }

    /** {@code $n} parameters as {@code ?}, any list of them as {@code (?, ...)}, repeated VALUES rows as one. */
    static String normalised(String query) {
        String q = PARAMETER.matcher(query.replaceAll("\\s+", " ").strip()).replaceAll("?");
        q = PARAMETER_LIST.matcher(q).replaceAll("(?, ...)");
        return REPEATED_ROWS.matcher(q).replaceAll("values (?, ...), ...");
    }

    /** Total planning and execution time of every statement since the reset, ms. */
    static double totalMs(Connection db) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(sum(total_exec_time + total_plan_time), 0) FROM pg_stat_statements"
                     + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    /** A markdown table of {@code rows}, each with its share of {@code totalMs}. */
    static String markdown(String title, List<Row> rows, double totalMs) {
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n")
                .append(String.format(Locale.ROOT, "Planning and execution time of all statements: %.1f s (wall time"
                        + " inside PostgreSQL: on a saturated machine it includes waiting for a CPU).%n%n", totalMs / 1000))
                .append("| share | total s | of it planning | calls | mean µs | rows/call | statement |\n")
                .append("|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %.1f %% | %.1f | %.0f %% | %d | %.0f | %.1f | `%s` |%n",
                    totalMs > 0 ? 100 * r.totalMs() / totalMs : 0, r.totalMs() / 1000,
                    r.totalMs() > 0 ? 100 * r.planMs() / r.totalMs() : 0, r.calls(),
                    r.calls() > 0 ? 1000 * r.totalMs() / r.calls() : 0, r.calls() > 0 ? (double) r.rows() / r.calls() : 0,
                    oneLine(r.query())));
        }
        return md.append('\n').toString();
    }

    /** The statement on one line, shortened, safe inside a markdown code span in a table. */
    static String oneLine(String query) {
        String flat = query.replaceAll("\\s+", " ").strip().replace("|", "\\|").replace("`", "'");
        return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
    }
}
