package dev.voltstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison's pure logic: targets with several PIDs, summed CPU/RSS, medians, ratios and the report. */
class CompareReportTest {
    @TempDir
    Path dir;

    @Test
    void aTargetCanNameAClusterAndAllItsBrokerPids() {
        Target t = Target.parse("kafka=127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094@41,42, 43");

        assertThat(t.name()).isEqualTo("kafka");
        assertThat(t.bootstrap()).isEqualTo("127.0.0.1:9092,127.0.0.1:9093,127.0.0.1:9094");
        assertThat(t.pids()).containsExactly(41L, 42L, 43L);
        assertThat(Target.parse("ours=localhost:9092").pids()).isEmpty();
        assertThat(Target.parse("ours=localhost:9092@7").pids()).containsExactly(7L);
        assertThatThrownBy(() -> Target.parse("localhost:9092")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse("ours=@1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuAndRssOfAClusterAreTheSumsAndUnknownIfAnyBrokerIsGone() {
        ProcessStats sum = ProcessStats.sum(List.of(new ProcessStats(1.5, 1000), new ProcessStats(2.0, 2000),
                new ProcessStats(0.5, 3000)));

        assertThat(sum).isEqualTo(new ProcessStats(4.0, 6000));
        assertThat(new ProcessStats(10.0, 4096).since(sum)).isEqualTo(new ProcessStats(6.0, 4096));
        assertThat(ProcessStats.sum(List.of(new ProcessStats(1, 1), ProcessStats.UNKNOWN)).isKnown()).isFalse();
        assertThat(ProcessStats.sum(List.of()).isKnown()).isFalse();
    }

    @Test
    void theCpuAndRssOfLiveProcessesAreReadAndSummed() {
        long self = ProcessHandle.current().pid();
        ProcessStats one = ProcessStats.of(self);

        ProcessStats twice = Target.parse("me=localhost:1@" + self + "," + self).processStats();

        assertThat(one.isKnown()).isTrue();
        assertThat(twice.rssKb()).isGreaterThanOrEqualTo(one.rssKb()).isGreaterThan(0);
        assertThat(twice.cpuSeconds()).isGreaterThanOrEqualTo(2 * one.cpuSeconds());
        assertThat(Target.parse("me=localhost:1").processStats().isKnown()).isFalse();
    }

    @Test
    void aSummaryTakesTheMedianOfEachMetricOnItsOwnAndAddsUpErrors() {
        RunSummary s = RunSummary.of(List.of(
                run(1000, 100_000, 1, 9, 20, 0, new ProcessStats(2.0, 300 * 1024)),
                run(1000, 300_000, 3, 5, 10, 2, new ProcessStats(1.0, 100 * 1024)),
                run(1000, 200_000, 2, 7, 30, 1, new ProcessStats(3.0, 200 * 1024))));

        assertThat(s.recordsPerSecond()).isEqualTo(200_000);
        assertThat(s.p50Ms()).isEqualTo(2);
        assertThat(s.p99Ms()).isEqualTo(7);
        assertThat(s.p999Ms()).isEqualTo(20);
        assertThat(s.errors()).isEqualTo(3);
        assertThat(s.cpuSeconds()).isEqualTo(2.0);
        assertThat(s.cpuMicrosPerRecord()).isEqualTo(2000.0);
        assertThat(s.rssMiB()).isEqualTo(200.0);
        RunSummary even = RunSummary.of(List.of(run(10, 1, 1, 1, 1, 0, ProcessStats.UNKNOWN),
                run(10, 3, 1, 1, 1, 0, ProcessStats.UNKNOWN)));
        assertThat(even.recordsPerSecond()).isEqualTo(2);
        assertThat(even.cpuSeconds()).isNaN();
    }

    @Test
    void theReportShowsEveryMetricPerTargetAndTheRatiosOfTheFirstOverTheSecond() throws Exception {
        Target ours = Target.parse("voltstream=a:1@1,2,3");
        Target kafka = Target.parse("kafka=b:1@4,5,6");
        CompareReport report = new CompareReport(List.of(ours, kafka));
        Scenario saturation = new Scenario("acks=all, 1 partition", 1, 1, false, "none", "all", 0, 1000, 100, 0);
        Scenario fixed = new Scenario("acks=all, fixed load 10000 rec/s", 6, 1, false, "none", "all", 10_000, 1000,
                100, 0);
        for (Scenario s : List.of(saturation, fixed)) {
            report.add(s, ours, result(1000, 30_000, 2, 4, 8, 0), new ProcessStats(1.0, 900 * 1024));
            report.add(s, kafka, result(1000, 20_000, 4, 8, 16, 0), new ProcessStats(2.0, 1200 * 1024));
        }
        report.processStats(ours, new ProcessStats(10, 0), new ProcessStats(12.5, 1024 * 1024));
        Path out = dir.resolve("docs/load-tests-3-brokers.md");
        Files.createDirectories(out.getParent());

        report.write(out, dir.resolve("docs/load-3-brokers"), "compare --repeats 1", "Setup: 3 brokers, RF=3", 1);

        String md = Files.readString(out);
        assertThat(md).contains("Setup: 3 brokers, RF=3")
                .contains("| records/s | MB/s | p50 ms | p99 ms | p99.9 ms | errors | broker CPU s | broker RSS MiB |")
                .contains("| acks=all, 1 partition | voltstream | 30,000 | 2.9 | 2.00 | 4.00 | 8.00 | 0 | 1.0 | 900 |")
                .contains("| acks=all, 1 partition | kafka | 20,000 | 1.9 | 4.00 | 8.00 | 16.00 | 0 | 2.0 | 1200 |")
                .contains("## voltstream / kafka")
                .contains("| acks=all, 1 partition | 1.50 | 0.50 | 0.50 | 0.50 | 0.50 | 0.75 |")
                .contains("| voltstream | 2.5 | 1024 |")
                .contains("| acks=all, 1 partition | kafka | 20,000 | 8 | 0 |")
                .contains("![throughput against offered load](load-3-brokers/offered-load.svg)");
        for (String svg : List.of("acks-all-1-partition-p99.svg", "acks-all-fixed-load-10000-rec-s-throughput.svg",
                "offered-load.svg", "offered-load-p99.svg")) {
            assertThat(dir.resolve("docs/load-3-brokers").resolve(svg)).exists();
        }
        assertThat(Files.readString(dir.resolve("docs/load-3-brokers/offered-load-p99.svg")))
                .contains("voltstream, acks=all").contains("kafka, acks=all");
    }

    @Test
    void theMatrixCoversIssue8AndOnlyAcksAllPicksTheAcksAllRuns() {
        List<Scenario> matrix = Scenario.matrix(1);

        assertThat(matrix).extracting(Scenario::partitions).contains(1, 6, 24);
        assertThat(matrix).extracting(Scenario::producers).contains(1, 2, 4);
        assertThat(matrix).extracting(Scenario::keyed).contains(true, false);
        assertThat(matrix).extracting(Scenario::compression).contains("none", "lz4", "zstd");
        assertThat(matrix).extracting(Scenario::acks).contains("1", "all");
        assertThat(matrix).extracting(Scenario::consumerGroups).contains(1, 2, 3);
        assertThat(matrix).anyMatch(s -> !s.isSaturation() && s.acks().equals("all"))
                .anyMatch(s -> !s.isSaturation() && s.acks().equals("1"));
        List<Scenario> acksAll = matrix.stream().filter(s -> s.matches("acks-all")).toList();
        assertThat(acksAll).isNotEmpty().allMatch(s -> s.acks().equals("all"))
                .hasSize((int) matrix.stream().filter(s -> s.acks().equals("all")).count());
        assertThat(matrix.stream().filter(s -> s.matches("fan-out")).count()).isEqualTo(3);
        assertThat(Scenario.matrix(0.1)).allMatch(s -> s.records() >= 1000 && s.records() <= 400_000)
                .filteredOn(Scenario::isSaturation).allMatch(s -> s.records() == 200_000);
    }

    private static RunSummary.Measurement run(long records, double perSecond, double p50, double p99, double p999,
                                              long errors, ProcessStats usage) {
        return new RunSummary.Measurement(result(records, perSecond, p50, p99, p999, errors), usage);
    }

    private static RunResult result(long records, double perSecond, double p50, double p99, double p999,
                                    long errors) {
        return new RunResult("test", records, errors, records / perSecond, perSecond, perSecond * 100 / (1024 * 1024),
                p50, p99, p999, p999, List.of(new LatencyRecorder.Sample(1, perSecond, p50, p99)));
    }
}
