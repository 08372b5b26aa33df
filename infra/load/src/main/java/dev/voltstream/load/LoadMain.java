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

/** {@code voltstream-load}: load tests for any Kafka-protocol broker. Every run is bounded in records and time. */
@Command(name = "voltstream-load", mixinStandardHelpOptions = true,
        subcommands = {LoadMain.Produce.class, LoadMain.Consume.class, LoadMain.Compare.class},
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
                    + " --scale " + scale + " --max-seconds " + maxSeconds, setup, repeats);
            System.out.println("Report: " + out.toAbsolutePath());
            return 0;
        }

        /** A few records produced and read by a group first, so no run pays for creating internal topics. */
        private void warmUp(Target t) throws Exception {
            System.err.printf("warm-up [%s]%n", t.name());
            Topics.create(t.bootstrap(), "load-warm-up", 1, replicationFactor, topicConfigs);
            new ProduceLoad(new ProduceOptions(t.bootstrap(), "load-warm-up", 1, 1, 1_000, 100, false, "none", "all",
                    0, maxSeconds)).run(s -> { });
            new ConsumeLoad(t.bootstrap(), "load-warm-up", 1, 1_000, maxSeconds).run(s -> { });
        }

        private RunResult fanOut(Scenario scenario, Target t, String topic) throws Exception {
            new ProduceLoad(scenario.produce(t.bootstrap(), topic, maxSeconds).withProducers(1)).run(s -> { });
            return new ConsumeLoad(t.bootstrap(), topic, scenario.consumerGroups(), scenario.records(), maxSeconds)
                    .run(s -> printProgress(t.name(), s));
        }
    }
}
