package dev.voltstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.testkit.EventSchemas;

/** The pipeline scenario's pieces that need no running system: events, the latency join, the ramp decision, report. */
class PipelineTest {
    private static final long T0 = 1_800_000_000_000_000L; // epoch µs

    /** {@code rate}/s for {@code seconds}; transaction i stored {@code latencyUs.apply(i)} after its intended time. */
    private static PipelineStep step(double rate, int seconds, java.util.function.LongUnaryOperator latencyUs) {
        int n = (int) (rate * seconds);
        long[] intended = new long[n];
        long[] stored = new long[n];
        for (int i = 0; i < n; i++) {
            intended[i] = T0 + (long) (i * 1e6 / rate);
            long latency = latencyUs.applyAsLong(i);
            stored[i] = latency < 0 ? 0 : intended[i] + latency;
        }
        return PipelineStep.analyse(rate, seconds, intended, stored, T0 + (seconds + 5) * 1_000_000L);
    }

    @Test
    void latencyIsFromTheIntendedSendTimeToTheStoredNotificationWithPercentiles() {
        // 1000 transactions at 100/s, transaction i takes (i % 100 + 1) ms: p50 50 ms, p99 99 ms, max 100 ms
        PipelineStep s = step(100, 10, i -> (i % 100 + 1) * 1000);

        assertThat(s.sent()).isEqualTo(1000);
        assertThat(s.completed()).isEqualTo(1000);
        assertThat(s.missing()).isZero();
        assertThat(s.p50Ms()).isCloseTo(50, within(0.1));
        assertThat(s.p99Ms()).isCloseTo(99, within(0.1));
        assertThat(s.maxMs()).isCloseTo(100, within(0.1));
        assertThat(s.achieved()).isCloseTo(100, within(2.0));
        assertThat(s.backlogGrowth()).isCloseTo(0, within(1.0));
        assertThat(s.latencyPerSecond()).hasSize(10);
        assertThat(s.latencyPerSecond().get(3)[1]).isCloseTo(99, within(0.1));
        assertThat(RampPolicy.sustained(s)).isTrue();
        assertThat(RampPolicy.reason(s)).isEmpty();
    }

    @Test
    void aPipelineThatKeepsUpWithHalfTheRateIsNotSustainedAndItsBacklogGrows() {
        // 1000/s offered, served at 500/s: transaction i is stored at i / 500 s, so the queue grows by 500 tx/s
        PipelineStep s = step(1000, 10, i -> i * 2000L - i * 1000L);

        assertThat(s.achieved()).isCloseTo(500, within(10.0));
        assertThat(s.backlogGrowth()).isCloseTo(500, within(10.0));
        assertThat(s.p99Ms()).isGreaterThan(9000);
        assertThat(RampPolicy.sustained(s)).isFalse();
        assertThat(RampPolicy.reason(s)).contains("achieved 50% of offered").contains("backlog grows");
        assertThat(RampPolicy.continueAfter(s)).isFalse();
    }

    @Test
    void aTransactionNeverNotifiedIsMissingAndMakesTheRateUnsustained() {
        PipelineStep s = step(100, 10, i -> i == 500 ? -1 : 20_000);

        assertThat(s.completed()).isEqualTo(999);
        assertThat(s.missing()).isEqualTo(1);
        // it counts with the latency it had when the drain wait gave up (15 s after the start, sent at 5 s): ≥ 10 s
        assertThat(s.maxMs()).isCloseTo(10_000, within(10.0));
        assertThat(s.p50Ms()).isCloseTo(20, within(0.1));
        assertThat(RampPolicy.sustained(s)).isFalse();
        assertThat(RampPolicy.reason(s)).isEqualTo("1 not notified after the drain wait");
    }

    @Test
    void theHighestSustainedRateIgnoresRatesThatWereNot() {
        PipelineStep ok500 = step(500, 4, i -> 30_000);
        PipelineStep ok1000 = step(1000, 4, i -> 40_000);
        PipelineStep over2000 = step(2000, 4, i -> i * 1000L); // each one a millisecond later than the one before

        assertThat(RampPolicy.highestSustained(List.of(ok500, ok1000, over2000))).isEqualTo(1000);
        assertThat(RampPolicy.highestSustained(List.of(over2000))).isZero();
    }

    @Test
    void transactionsAreValidContractEventsWithCloudEventsHeaders() {
        PipelineTransactions txs = new PipelineTransactions("plx", 10, 40);
        ProducerRecord<String, String> r = txs.record(123, Instant.parse("2026-12-06T09:00:00.123456Z"));

        assertThat(EventSchemas.validate("Transaction", r.value())).isEmpty();
        assertThat(r.topic()).isEqualTo("transactions");
        assertThat(r.key()).isEqualTo("plx-acc-3");
        assertThat(new String(r.headers().lastHeader("ce_type").value())).isEqualTo(EventTypes.TRANSACTION);
        assertThat(new String(r.headers().lastHeader("ce_id").value())).isEqualTo("plx-tx-123");
        assertThat(txs.seqOf("plx-tx-123")).isEqualTo(123);
        assertThat(txs.seqOf("ply-tx-123")).isEqualTo(-1);
        assertThat(txs.seqOf("plx-tx-12x")).isEqualTo(-1);
    }

    @Test
    void noAccountPaysMoreThanTheVelocityRuleAllowsAndEachPaysAtOneTerminal() {
        double rate = 5000;
        PipelineTransactions txs = new PipelineTransactions("ply", 1000, PipelineTransactions.accountsFor(rate, 1000));
        Map<String, Integer> perMinute = new HashMap<>();
        Map<String, String> terminal = new HashMap<>();
        for (long seq = 0; seq < rate * 60; seq++) {
            perMinute.merge(txs.accountId(seq), 1, Integer::sum);
            String before = terminal.putIfAbsent(txs.accountId(seq), txs.terminalId(seq));
            assertThat(before == null || before.equals(txs.terminalId(seq))).isTrue();
        }
        assertThat(perMinute.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
        assertThat(terminal.values().stream().distinct().count()).isEqualTo(1000);
    }

    @Test
    void resultsRoundTripAndTheReportHasTablesAndWellFormedPlots(@TempDir Path dir) throws Exception {
        PipelineStep a = step(500, 4, i -> 30_000).with(Map.of("fraud-service", 80.5, "postgres", 40.0), Map.of("1 fraud in", 12L, "2 fraud outbox", 0L));
        PipelineStep b = step(1000, 4, i -> i * 1000L);
        new PipelineResults("voltstream", Map.of("started", "now"), List.of(a, b)).write(dir.resolve("v.tsv"));
        new PipelineResults("kafka", Map.of(), List.of(a)).write(dir.resolve("k.tsv"));

        PipelineResults back = PipelineResults.read(dir.resolve("v.tsv"));
        assertThat(back.broker()).isEqualTo("voltstream");
        assertThat(back.steps()).hasSize(2);
        assertThat(back.steps().get(0).p99Ms()).isEqualTo(a.p99Ms());
        assertThat(back.steps().get(0).cpuPercent()).containsEntry("fraud-service", 80.5);
        assertThat(back.steps().get(0).queues()).containsEntry("1 fraud in", 12L).containsEntry("2 fraud outbox", 0L);
        assertThat(back.steps().get(1).latencyPerSecond()).hasSameSizeAs(b.latencyPerSecond());
        assertThat(RampPolicy.sustained(back.steps().get(1))).isFalse();

        Path out = dir.resolve("docs/load-pipeline.md");
        Files.createDirectories(out.getParent());
        new PipelineReport(List.of(back, PipelineResults.read(dir.resolve("k.tsv")))).write(out, "cmd", "extra text");
        String md = Files.readString(out);
        assertThat(md).contains("## voltstream", "## kafka", "**Highest sustained rate: 500 tx/s.**",
                "| 1000 |", "no: achieved", "| fraud-service |", "| 1 fraud in |", "extra text", "(load/pipeline-achieved.svg)");
        for (String svg : List.of("pipeline-achieved.svg", "pipeline-p99.svg", "pipeline-latency-voltstream.svg")) {
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(out.getParent().resolve("load").resolve(svg).toFile());
        }
    }

    @Test
    void thePostgresProfileListsStatementsWithTheirShareOnOneMarkdownLineEach() {
        String md = PgStatements.markdown("PG", List.of(
                new PgStatements.Row("insert into t (a, b)\n  values ($1, $2)", 1_000, 1_000, 750.0, 75.0),
                new PgStatements.Row("select a || b from t where `x` = $1", 10, 50, 250.0, 0.0)), 1_000.0);

        assertThat(md).contains("Planning and execution time of all statements: 1.0 s",
                "| 75.0 % | 0.8 | 10 % | 1000 | 750 | 1.0 | `insert into t (a, b) values ($1, $2)` |",
                "| 25.0 % | 0.3 | 0 % | 10 | 25000 | 5.0 | `select a \\|\\| b from t where 'x' = $1` |");
        assertThat(PgStatements.oneLine("x".repeat(500))).hasSize(160).endsWith("...");
        // variants of one statement that only differ in list lengths are one statement
        assertThat(PgStatements.normalised("select a from t where id in ($1,$2,$3) and b = $4"))
                .isEqualTo(PgStatements.normalised("select a from t\n where id in ($1, $2) and b = $3"))
                .isEqualTo("select a from t where id in (?, ...) and b = ?");
        assertThat(PgStatements.normalised("insert into t (a,b) values ($1,$2),($3,$4),($5,$6)"))
                .isEqualTo(PgStatements.normalised("insert into t (a,b) values ($1,$2)"))
                .isEqualTo("insert into t (a,b) values (?, ...), ...");
    }
}
