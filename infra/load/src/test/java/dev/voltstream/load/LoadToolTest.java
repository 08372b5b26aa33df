package dev.voltstream.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;

/** The load tool against an in-process broker: bounded runs, paced rate, fan-out, and a report with plots. */
class LoadToolTest {
    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(new BrokerConfig(Map.of("listeners", "PLAINTEXT://127.0.0.1:0",
                "log.dirs", dir.resolve("logs").toString(), "group.initial.rebalance.delay.ms", "0")));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aPacedRunSendsEveryRecordAtAboutTheOfferedRate() throws Exception {
        ProduceOptions options = new ProduceOptions(broker.bootstrapServers(), "paced", 3, 2, 2_000, 100, true,
                "lz4", "all", 2_000, 30);

        RunResult result = new ProduceLoad(options).run(s -> { });

        assertThat(result.records()).isEqualTo(2_000);
        assertThat(result.errors()).isZero();
        assertThat(result.seconds()).isBetween(0.8, 10.0);
        assertThat(result.p99Ms()).isPositive().isGreaterThanOrEqualTo(result.p50Ms());
    }

    @Test
    void everyGroupOfAFanOutReadsEverything() throws Exception {
        new ProduceLoad(new ProduceOptions(broker.bootstrapServers(), "fan", 2, 1, 1_000, 50, false, "none", "1", 0,
                30)).run(s -> { });

        RunResult result = new ConsumeLoad(broker.bootstrapServers(), "fan", 3, 1_000, 30).run(s -> { });

        assertThat(result.records()).isEqualTo(3_000);
    }

    @Test
    void theComparisonReportHasATableAndValidSvgPlots() throws Exception {
        Target a = Target.parse("ours=" + broker.bootstrapServers());
        Target b = Target.parse("same-again=" + broker.bootstrapServers() + "@" + ProcessHandle.current().pid());
        CompareReport report = new CompareReport(List.of(a, b));
        Scenario scenario = new Scenario("fixed load 1000 rec/s", 1, 1, false, "none", "1", 1_000, 500, 100, 0);
        for (Target t : List.of(a, b)) {
            report.add(scenario, t, new ProduceLoad(scenario.produce(t.bootstrap(), "cmp-" + t.name(), 30))
                    .run(s -> { }));
        }
        report.processStats(b, ProcessStats.of(ProcessHandle.current().pid()), ProcessStats.of(ProcessHandle.current().pid()));
        Path out = dir.resolve("report/load-tests.md");
        Files.createDirectories(out.getParent());

        report.write(out, "test", 1);

        assertThat(Files.readString(out)).contains("| fixed load 1000 rec/s | ours |").contains("same-again");
        for (String svg : List.of("fixed-load-1000-rec-s-p99.svg", "fixed-load-1000-rec-s-throughput.svg",
                "offered-load.svg")) {
            String content = Files.readString(out.resolveSibling("load").resolve(svg));
            assertThat(content).contains("<polyline");
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(content)));
        }
    }
}
