package dev.voltstream.e2e;

import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import org.assertj.core.api.SoftAssertions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SYSTEM.md's invariants over a drained pipeline: the topics as written and the services' tables (schemas fraud,
 * billing, notification of the one shared database). Every violation is collected before failing, with examples.
 */
final class SystemInvariants {
    private final TopicSnapshot topics;
    private final Tables tables;
    private final SoftAssertions softly = new SoftAssertions();

    private SystemInvariants(TopicSnapshot topics, Connection db) {
        this.topics = topics;
        this.tables = new Tables(db);
    }

    /** Asserts every invariant; {@code scenarios} are the fraud scenarios run, each expected to fire its rule. */
    static void assertHold(TopicSnapshot topics, Connection db, List<Simulator.ScenarioRun> scenarios)
            throws SQLException {
        SystemInvariants check = new SystemInvariants(topics, db);
        Map<String, Verdict> verdicts = check.oneVerdictPerTransaction();
        check.approvedChangeOneBalanceOnce(verdicts);
        check.balancesEqualLedgerSums();
        check.everyFraudAlertNotified();
        check.everyCompletedSessionInvoicedOnce();
        check.scenariosFiredTheirRules(scenarios);
        check.softly.assertThat(topics.deadLetters().values().stream().mapToInt(Integer::intValue).sum())
                .as("records dead-lettered in a run of well-formed events %s", topics.deadLetters()).isZero();
        check.softly.assertAll();
    }

    /** Every transaction has exactly one verdict; returns transaction id → verdict. */
    private Map<String, Verdict> oneVerdictPerTransaction() throws SQLException {
        Map<String, Transaction> transactions = byId(topics.transactions(), Transaction::transactionId);
        Map<String, Set<Verdict>> seen = new HashMap<>();
        topics.verdicts().forEach(v -> seen.computeIfAbsent(v.transactionId(), k -> new HashSet<>()).add(v.verdict()));
        softly.assertThat(sample(seen.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toSet())))
                .as("transactions with two different verdicts").isEmpty();
        softly.assertThat(sample(difference(transactions.keySet(), seen.keySet())))
                .as("transactions without a verdict (of %d)", transactions.size()).isEmpty();
        softly.assertThat(sample(difference(seen.keySet(), transactions.keySet())))
                .as("verdicts for unknown transactions").isEmpty();
        softly.assertThat(seen.size()).as("distinct transaction ids in verdicts == distinct transactions")
                .isEqualTo(transactions.size());
        Map<String, String> stored = tables.pairs("select transaction_id, verdict from fraud.verdict");
        softly.assertThat(stored.size()).as("fraud.verdict rows == distinct transactions").isEqualTo(transactions.size());
        Map<String, Verdict> verdicts = new HashMap<>();
        seen.forEach((id, v) -> verdicts.put(id, v.iterator().next()));
        softly.assertThat(sample(verdicts.entrySet().stream()
                .filter(e -> !e.getValue().name().equals(stored.get(e.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.toSet())))
                .as("verdicts on the topic that differ from fraud.verdict").isEmpty();
        return verdicts;
    }

    /** Each APPROVED transaction posted once (debit its account, credit the platform); DECLINED ones not at all. */
    private void approvedChangeOneBalanceOnce(Map<String, Verdict> verdicts) throws SQLException {
        Map<String, Transaction> transactions = byId(topics.transactions(), Transaction::transactionId);
        Map<String, List<Tables.LedgerLine>> postings = tables.paymentPostings();
        Set<String> badPostings = new TreeSet<>();
        Set<String> expected = new HashSet<>();
        verdicts.forEach((id, verdict) -> {
            Transaction tx = transactions.get(id);
            if (verdict != Verdict.APPROVED || tx == null || tx.amount().signum() == 0) {
                return;
            }
            expected.add("tx:" + id);
            List<Tables.LedgerLine> lines = postings.getOrDefault("tx:" + id, List.of());
            BigDecimal amount = tx.amount().setScale(2, RoundingMode.HALF_EVEN);
            long debits = lines.stream().filter(l -> l.accountId().equals(tx.accountId())
                    && l.amount().compareTo(amount.negate()) == 0).count();
            if (lines.size() != 2 || debits != 1 || lines.stream().map(Tables.LedgerLine::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add).signum() != 0) {
                badPostings.add(id + " " + lines);
            }
        });
        softly.assertThat(sample(badPostings))
                .as("APPROVED transactions not posted exactly once to their account (of %d)", expected.size())
                .isEmpty();
        softly.assertThat(sample(difference(postings.keySet(), expected)))
                .as("ledger postings for transactions not APPROVED").isEmpty();
    }

    private void balancesEqualLedgerSums() throws SQLException {
        Map<String, String> mismatches = tables.pairs("""
                select a.account_id, a.balance || ' vs ledger ' || coalesce(sum(l.amount), 0)
                from billing.account a left join billing.ledger_entry l on l.account_id = a.account_id
                group by a.account_id, a.balance having a.balance <> coalesce(sum(l.amount), 0)""");
        softly.assertThat(mismatches).as("accounts whose balance is not their ledger sum").isEmpty();
        softly.assertThat(tables.count("select count(*) from billing.account")).as("accounts in billing").isPositive();
    }

    private void everyFraudAlertNotified() throws SQLException {
        Set<String> alertIds = topics.alerts().stream().map(FraudAlert::eventId).collect(Collectors.toSet());
        Set<String> notified = tables.column(
                "select source_event_id from notification.notification where kind = 'FRAUD_ALERT'");
        softly.assertThat(sample(difference(alertIds, notified)))
                .as("fraud alerts without a notification (of %d)", alertIds.size()).isEmpty();
        softly.assertThat(tables.count("select count(*) from fraud.fraud_alert"))
                .as("fraud.fraud_alert rows == distinct alerts on fraud-alerts").isEqualTo(alertIds.size());
    }

    private void everyCompletedSessionInvoicedOnce() throws SQLException {
        Set<String> completed = topics.completedSessions().stream().map(SessionCompleted::sessionId)
                .collect(Collectors.toSet());
        Map<String, Long> invoicesPerSession = tables.counts(
                "select session_id, count(*) from billing.invoice group by session_id");
        softly.assertThat(sample(difference(completed, invoicesPerSession.keySet())))
                .as("completed sessions without an invoice (of %d)", completed.size()).isEmpty();
        softly.assertThat(invoicesPerSession.values()).as("invoices per session").allMatch(n -> n == 1);
        Map<String, Set<String>> published = new HashMap<>();
        topics.invoices().forEach(i -> published.computeIfAbsent(i.sessionId(), k -> new HashSet<>()).add(i.invoiceId()));
        softly.assertThat(published.keySet()).as("sessions invoiced on the invoices topic")
                .containsExactlyInAnyOrderElementsOf(completed);
        softly.assertThat(published.values()).as("distinct invoices per session on the topic").allMatch(s -> s.size() == 1);
        Set<String> transactionIds = byId(topics.transactions(), Transaction::transactionId).keySet();
        softly.assertThat(sample(topics.invoices().stream().map(InvoiceIssued::invoiceId).map(id -> "chg-" + id)
                .filter(id -> !transactionIds.contains(id)).collect(Collectors.toSet())))
                .as("invoices without their CHARGING transaction").isEmpty();
        Set<String> notified = tables.column(
                "select source_event_id from notification.notification where kind = 'INVOICE_ISSUED'");
        softly.assertThat(sample(difference(topics.invoices().stream().map(InvoiceIssued::eventId)
                .collect(Collectors.toSet()), notified))).as("invoices without a notification").isEmpty();
    }

    private void scenariosFiredTheirRules(List<Simulator.ScenarioRun> scenarios) {
        for (Simulator.ScenarioRun run : scenarios) {
            Set<String> ids = Set.copyOf(run.transactionIds());
            boolean fired = topics.alerts().stream()
                    .anyMatch(a -> ids.contains(a.transactionId()) && run.expectedRule().equals(a.rule()))
                    || topics.verdicts().stream().filter(v -> ids.contains(v.transactionId()))
                    .flatMap(v -> v.reasons().stream()).anyMatch(r -> r.startsWith(run.expectedRule()));
            softly.assertThat(fired).as("scenario %s (account %s) fired %s", run.scenario(), run.accountId(),
                    run.expectedRule()).isTrue();
        }
    }

    private static <T> Map<String, T> byId(List<T> events, Function<T, String> id) {
        return events.stream().collect(Collectors.toMap(id, e -> e, (a, b) -> a));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    /** At most 10 examples, so a broken invariant prints readably. */
    private static List<String> sample(Set<String> ids) {
        return ids.stream().sorted().limit(10).toList();
    }
}
