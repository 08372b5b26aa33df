package dev.voltstream.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Plain JDBC reads of the services' tables for the invariants. */
final class Tables {
    private final Connection db;

    Tables(Connection db) {
        this.db = db;
    }

    long count(String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    Set<String> column(String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** First column → second column, as strings. */
    Map<String, String> pairs(String sql) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        }
        return values;
    }

    /** First column → second column as a count. */
    Map<String, Long> counts(String sql) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getLong(2));
            }
        }
        return values;
    }

    /** billing's ledger lines of payment postings ({@code tx:<transactionId>}), by posting id. */
    Map<String, List<LedgerLine>> paymentPostings() throws SQLException {
        Map<String, List<LedgerLine>> postings = new HashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "select posting_id, account_id, amount from billing.ledger_entry where posting_id like 'tx:%'")) {
            while (rs.next()) {
                postings.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new LedgerLine(rs.getString(2), rs.getBigDecimal(3)));
            }
        }
        return postings;
    }

    /** One ledger line: the account and the signed amount it changed the balance by. */
    record LedgerLine(String accountId, BigDecimal amount) {
    }
}
