package dev.voltstream.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code voltstream-load}: load tests for any Kafka-protocol broker. Every run is bounded in records and time. */
@Command(name = "voltstream-load", mixinStandardHelpOptions = true,
        subcommands = {LoadMain.Produce.class, LoadMain.Consume.class, LoadMain.Compare.class, LoadMain.Pipeline.class,
                LoadMain.PipelineReportCommand.class, LoadMain.JfrTopCommand.class},
        description = "Throughput and latency of Kafka-protocol brokers (HdrHistogram), with progress and SVG plots.")
public final class LoadMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    static void printProgress(String prefix, LatencyRecorder.Sample s) {
        System.err.printf(Locale.ROOT, "  %s %6.1fs  %,12.0f rec/s  p50 %8.2f ms  p99 %8.2f ms%n", prefix,
                s.atSeconds(), s.recordsPerSecond(), s.p50Ms(), s.p99Ms());
    }

    @Command(name = "produce", mixinStandardHelpOptions = true, description = "Producers at a target rate or flat out.")
    static final class Produce implements Callable<Integer> {
        @Option(names = "--bootstrap-server", defaultValue = "localhost:9092") String bootstrap;
        @Option(names = "--topic", defaultValue = "load") String topic;
        @Option(names = "--partitions", defaultValue = "6") int partitions;
        @Option(names = "--producers", defaultValue = "1") int producers;
        @Option(names = "--records", defaultValue = "1000000") long records;
        @Option(names = "--record-size", defaultValue = "100") int recordSize;
        @Option(names = "--keyed") boolean keyed;
        @Option(names = "--compression", defaultValue = "none") String compression;
        @Option(names = "--acks", defaultValue = "1") String acks;
        @Option(names = "--rate", defaultValue = "0", description = "records/s over all producers; 0 = saturation")
        double rate;
        @Option(names = "--max-seconds", defaultValue = "120") double maxSeconds;

        @Override
        public Integer call() throws Exception {
            ProduceOptions options = new ProduceOptions(bootstrap, topic, partitions, producers, records, recordSize,
                    keyed, compression, acks, rate, maxSeconds);
            RunResult result = new ProduceLoad(options).run(s -> printProgress("produce", s));
            System.out.println(options.label() + ": " + result.summary());
            return result.errors() == 0 ? 0 : 1;
        }
    }

    @Command(name = "consume", mixinStandardHelpOptions = true, description = "Fan-out: N groups read one topic.")
    static final class Consume implements Callable<Integer> {
        @Option(names = "--bootstrap-server", defaultValue = "localhost:9092") String bootstrap;
        @Option(names = "--topic", defaultValue = "load") String topic;
        @Option(names = "--groups", defaultValue = "1") int groups;
        @Option(names = "--records", defaultValue = "1000000", description = "per group") long records;
        @Option(names = "--max-seconds", defaultValue = "120") double maxSeconds;

        @Override
        public Integer call() throws Exception {
            RunResult result = new ConsumeLoad(bootstrap, topic, groups, records, maxSeconds)
                    .run(s -> printProgress("consume", s));
            System.out.println(result.label() + ": " + result.summary());
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "The scenario matrix against each target, alternating, with a markdown report and plots.")
    static final class Compare implements Callable<Integer> {
        @Option(names = "--target", required = true, description = "name=host:port[,host:port...][@pid[,pid...]], "
                + "e.g. voltstream=127.0.0.1:29092@1234; the CPU and RSS of several PIDs (a cluster) are added up")
        List<String> targets;
        @Option(names = "--replication-factor", defaultValue = "-1", description = "of each run's topic; -1: the broker's default")
        short replicationFactor;
        @Option(names = "--topic-config", description = "topic config of each run's topic, e.g. min.insync.replicas=2")
        Map<String, String> topicConfigs = new LinkedHashMap<>();
        @Option(names = "--setup", defaultValue = "", description = "text for the report's head: brokers, command")
        String setup;
        @Option(names = "--plots", description = "directory of the SVG plots (default: load/ beside --out)") Path plots;
        @Option(names = "--repeats", defaultValue = "3") int repeats;
        @Option(names = "--scale", defaultValue = "1", description = "multiplies the record counts (0.1 for a quick run)")
        double scale;
        @Option(names = "--max-seconds", defaultValue = "60") double maxSeconds;
        @Option(names = "--warm-up-seconds", defaultValue = "10", description = "flat-out produce and a read of it "
                + "against each target first, not recorded, so neither broker is measured while its JIT compiles")
        double warmUpSeconds;
        @Option(names = "--only", description = "run only scenarios whose name contains this") String only;
        @Option(names = "--out", defaultValue = "docs/load-tests.md") Path out;

        @Override
        public Integer call() throws Exception {
            List<Target> parsed = targets.stream().map(Target::parse).toList();
            CompareReport report = new CompareReport(parsed);
            for (Target t : parsed) {
                warmUp(t);
            }
            List<ProcessStats> before = new ArrayList<>();
            parsed.forEach(t -> before.add(t.processStats()));
            int n = 0;
            for (Scenario scenario : Scenario.matrix(scale)) {
                if (!scenario.matches(only)) {
                    continue;
                }
                n++;
                for (int r = 0; r < repeats; r++) {
                    for (int i = 0; i < parsed.size(); i++) {
                        Target t = parsed.get((i + r) % parsed.size());
                        String topic = "load-" + n + "-" + r;
                        System.err.printf("%s [%s] run %d%n", scenario.name(), t.name(), r + 1);
                        Topics.create(t.bootstrap(), topic, scenario.partitions(), replicationFactor, topicConfigs);
                        ProcessStats start = t.processStats();
                        RunResult result = scenario.isConsume()
                                ? fanOut(scenario, t, topic)
                                : new ProduceLoad(scenario.produce(t.bootstrap(), topic, maxSeconds))
                                        .run(s -> printProgress(t.name(), s));
                        System.err.println("  => " + result.summary());
                        report.add(scenario, t, result, t.processStats().since(start));
                    }
                }
            }
            for (int i = 0; i < parsed.size(); i++) {
                report.processStats(parsed.get(i), before.get(i), parsed.get(i).processStats());
            }
            report.write(out, plots == null ? out.resolveSibling("load") : plots, "compare --repeats " + repeats
                    + " --scale " + scale + " --max-seconds " + maxSeconds + " --warm-up-seconds " + warmUpSeconds,
                    setup, repeats);
            System.out.println("Report: " + out.toAbsolutePath());
            return 0;
        }

        /**
         * Flat-out produce (6 partitions) for {@code --warm-up-seconds} and a group reading it, so no run pays for
         * creating internal topics or for the broker's JIT compiling its hot paths.
         */
        private void warmUp(Target t) throws Exception {
            System.err.printf("warm-up [%s] %.0f s%n", t.name(), warmUpSeconds);
            Topics.create(t.bootstrap(), "load-warm-up", 6, replicationFactor, topicConfigs);
            RunResult produced = new ProduceLoad(new ProduceOptions(t.bootstrap(), "load-warm-up", 6, 1,
                    Long.MAX_VALUE, 100, false, "none", "1", 0, Math.max(warmUpSeconds, 0.1))).run(s -> { });
            new ConsumeLoad(t.bootstrap(), "load-warm-up", 1, produced.records(), maxSeconds).run(s -> { });
        }

        private RunResult fanOut(Scenario scenario, Target t, String topic) throws Exception {
            new ProduceLoad(scenario.produce(t.bootstrap(), topic, maxSeconds).withProducers(1)).run(s -> { });
            return new ConsumeLoad(t.bootstrap(), topic, scenario.consumerGroups(), scenario.records(), maxSeconds)
                    .run(s -> printProgress(t.name(), s));
        }
    }
    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "Transactions through fraud → billing → notification at rising rates; end-to-end latency.")
    static final class Pipeline implements Callable<Integer> {
        @Option(names = "--bootstrap-server", defaultValue = "localhost:9092") String bootstrap;
        @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://localhost:5432/voltstream") String jdbcUrl;
        @Option(names = "--db-user", defaultValue = "voltstream") String dbUser;
        @Option(names = "--db-password", defaultValue = "voltstream") String dbPassword;
        @Option(names = "--broker", required = true, description = "the broker's name in the report") String broker;
        @Option(names = "--rates", split = ",", defaultValue = "25,50,100,250,500,1000,2000,5000") List<Double> rates;
        @Option(names = "--seconds", defaultValue = "30", description = "send window per rate") double seconds;
        @Option(names = "--warm-up", defaultValue = "10", description = "seconds of warm-up first, not recorded")
        double warmUp;
        @Option(names = "--warm-up-rate", defaultValue = "50", description = "tx/s during the warm-up")
        double warmUpRate;
        @Option(names = "--drain", defaultValue = "30", description = "max seconds to wait for the last notifications")
        double drain;
        @Option(names = "--stations", defaultValue = "1000", description = "simulated stations / terminals") int stations;
        @Option(names = "--process", description = "name=pid whose CPU (with children) is measured per rate")
        List<String> processes = List.of();
        @Option(names = "--meta", description = "key=value noted in the report") List<String> meta = List.of();
        @Option(names = "--out", required = true, description = "results file (tab-separated)") Path out;
        @Option(names = "--pg-profile", description = "markdown file for PostgreSQL's top statements of the measured "
                + "rates (needs pg_stat_statements on the server)") Path pgProfile;

        @Override
        public Integer call() throws Exception {
            java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
            processes.stream().map(ProcessCpu::parse).forEach(e -> pids.put(e.getKey(), e.getValue()));
            pids.put("load-tool", ProcessHandle.current().pid());
            java.util.Map<String, String> notes = new java.util.LinkedHashMap<>();
            notes.put("started", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            notes.put("load average at start", loadAverage());
            meta.stream().map(ProcessCpu::parse0).forEach(e -> notes.put(e.getKey(), e.getValue()));
            notes.put("options", String.format(Locale.ROOT, "rates %s, %.0f s per rate, %.0f s warm-up at %.0f tx/s, %d stations",
                    rates, seconds, warmUp, warmUpRate, stations));
            List<PipelineStep> steps = new PipelineRun(new PipelineRun.Options(bootstrap, jdbcUrl, dbUser, dbPassword,
                    rates, seconds, warmUp, warmUpRate, drain, stations, pids, pgProfile)).run();
            notes.put("load average at end", loadAverage());
            new PipelineResults(broker, notes, steps).write(out);
            System.out.printf(Locale.ROOT, "%s: highest sustained rate %.0f tx/s; results in %s%n", broker,
                    RampPolicy.highestSustained(steps), out.toAbsolutePath());
            return 0;
        }

        private static String loadAverage() {
            try {
                return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
            } catch (java.io.IOException e) {
                return "unknown";
            }
        }
    }

    @Command(name = "pipeline-report", mixinStandardHelpOptions = true,
            description = "Markdown report and SVG plots from pipeline results files, brokers side by side.")
    static final class PipelineReportCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "results files written by pipeline --out") List<Path> results;
        @Option(names = "--out", defaultValue = "docs/load-pipeline.md") Path out;
        @Option(names = "--command", defaultValue = "infra/load/pipeline-load.sh") String command;
        @Option(names = "--append", description = "a markdown file appended to the report (e.g. the profile)")
        Path append;

        @Override
        public Integer call() throws Exception {
            List<PipelineResults> runs = new ArrayList<>();
            for (Path p : results) {
                runs.add(PipelineResults.read(p));
            }
            String extra = append != null && java.nio.file.Files.exists(append) ? java.nio.file.Files.readString(append) : "";
            new PipelineReport(runs).write(out, command, extra);
            System.out.println("Report: " + out.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "jfr-top", mixinStandardHelpOptions = true,
            description = "Top CPU frames of JFR recordings (jdk.ExecutionSample) as markdown.")
    static final class JfrTopCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "name=recording.jfr") List<String> recordings;
        @Option(names = "--prefix", defaultValue = "dev.voltstream", description = "package of the inclusive frames")
        String prefix;
        @Option(names = "--top", defaultValue = "10") int top;

        @Override
        public Integer call() throws Exception {
            for (String spec : recordings) {
                var kv = ProcessCpu.parse0(spec);
                System.out.println(JfrTop.of(Path.of(kv.getValue()), prefix).markdown(kv.getKey(), top));
            }
            return 0;
        }
    }
}
