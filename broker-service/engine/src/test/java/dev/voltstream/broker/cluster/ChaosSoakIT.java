package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos soak of a 3-broker cluster (separate JVMs; RF=3, min.insync.replicas=2): idempotent acks=all producers and
 * committing consumer groups run while {@link ChaosNemesis} kills, pauses and restarts brokers — the metadata leader
 * and partition leaders included. Then: every acknowledged record is in the log exactly once at its acknowledged
 * offset, each producer's records keep their order in every partition, no group's committed offset went backwards,
 * every group progressed after every fault, and every broker is back in every ISR.
 *
 * <p>In the suite it runs a few faults. {@code infra/chaos/chaos-soak.sh} runs it long, through environment
 * variables: CHAOS_FAULTS (default 3), CHAOS_MIN_SECONDS (keep faulting at least this long, default 0), CHAOS_GROUPS
 * (default 1), CHAOS_PRODUCERS (default 2), CHAOS_PARTITIONS (default 6), CHAOS_RATE (records per second per
 * producer, default 1000), CHAOS_SEED (default random, printed), CHAOS_ACTIONS (a comma-separated subset of KILL,
 * PAUSE, RESTART; default all), CHAOS_LOGS (a directory to copy the brokers' output to) and
 * CHAOS_REPORT (default target/chaos-soak.txt).
 */
class ChaosSoakIT {
    private static final String TOPIC = "chaos";

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedRecordIsLostOrDuplicatedWhileBrokersAreKilledPausedAndRestarted() throws Exception {
        int faultCount = env("CHAOS_FAULTS", 3);
        long minSeconds = env("CHAOS_MIN_SECONDS", 0);
        int groupCount = env("CHAOS_GROUPS", 1);
        int producers = env("CHAOS_PRODUCERS", 2);
        int partitions = env("CHAOS_PARTITIONS", 6);
        int rate = env("CHAOS_RATE", 1_000);
        long seed = System.getenv("CHAOS_SEED") != null ? Long.parseLong(System.getenv("CHAOS_SEED"))
                : ThreadLocalRandom.current().nextLong();
        Path report = Path.of(System.getenv().getOrDefault("CHAOS_REPORT", "target/chaos-soak.txt"));
        System.out.println("chaos soak: seed " + seed + ", " + faultCount + " faults");

        List<String> groups = new ArrayList<>();
        for (int g = 1; g <= groupCount; g++) {
            groups.add("chaos-group-" + g);
        }
        long started = System.nanoTime();
        try (BrokerProcesses cluster = new BrokerProcesses(dir, 3);
             Admin admin = cluster.admin()) {
            cluster.awaitFormed(admin);
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            BrokerProcesses.awaitFullIsr(admin, TOPIC);

            ChaosLoad load = new ChaosLoad(cluster.bootstrapServers(), TOPIC, partitions, rate);
            List<ChaosNemesis.Action> actions = System.getenv("CHAOS_ACTIONS") == null
                    ? List.of(ChaosNemesis.Action.values())
                    : java.util.Arrays.stream(System.getenv("CHAOS_ACTIONS").split(",")).map(String::trim)
                            .map(ChaosNemesis.Action::valueOf).toList();
            ChaosNemesis nemesis = new ChaosNemesis(cluster, admin, load, TOPIC, groups, seed, actions);
            try {
                for (int p = 1; p <= producers; p++) {
                    load.startProducer(p);
                }
                for (String group : groups) {
                    load.startConsumer(group, 1);
                    load.startConsumer(group, 2);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> load.ackedCount() > 500
                        && groups.stream().allMatch(g -> load.committedTotal(g) > 0));
                for (int i = 0; i < faultCount || secondsSince(started) < minSeconds; i++) {
                    nemesis.inject(i);
                }
            } finally {
                load.close();
            }
            nemesis.awaitFullIsr();
            ChaosVerdict verdict = ChaosVerdict.readBack(cluster.bootstrapServers(), load);
            String text = report(seed, secondsSince(started), nemesis, load, verdict, partitions);
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, text);
            if (System.getenv("CHAOS_LOGS") != null) { // the brokers' output, to see what each fault did
                Path logs = Files.createDirectories(Path.of(System.getenv("CHAOS_LOGS")));
                for (int id = 1; id <= 3; id++) {
                    Files.copy(dir.resolve("broker-" + id + ".out"), logs.resolve("broker-" + id + ".out"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            System.out.println(text);

            assertThat(load.failure.get()).as("load thread failure").isNull();
            assertThat(verdict.lost).as("acknowledged records lost").isEmpty();
            assertThat(verdict.duplicated).as("records in the log more than once").isEmpty();
            assertThat(verdict.misplaced).as("acknowledged records at another offset").isEmpty();
            assertThat(verdict.reordered).as("producer order broken").isEmpty();
            assertThat(load.regressions).as("committed offsets moved backwards").isEmpty();
            assertThat(nemesis.faults).as("faults").hasSize(Math.max(faultCount, nemesis.faults.size()))
                    .allSatisfy(f -> assertThat(f.problem()).as(f.toString()).isNull());
        }
    }

    private static String report(long seed, long seconds, ChaosNemesis nemesis, ChaosLoad load, ChaosVerdict verdict,
                                 int partitions) {
        StringBuilder out = new StringBuilder();
        out.append("chaos soak: seed ").append(seed).append(", 3 brokers, RF=3, min.insync.replicas=2").append(", ").append(seconds).append(" s, ")
                .append(nemesis.faults.size()).append(" faults\n");
        nemesis.faults.forEach(f -> out.append("  ").append(f).append('\n'));
        out.append("acknowledged records: ").append(load.acked.size()).append('\n')
                .append("records in the log: ").append(verdict.recordsInLog).append('\n')
                .append("lost: ").append(verdict.lost.size()).append(first(verdict.lost)).append('\n')
                .append("duplicated: ").append(verdict.duplicated.size()).append(first(verdict.duplicated))
                .append('\n')
                .append("at another offset: ").append(verdict.misplaced.size()).append(first(verdict.misplaced))
                .append('\n')
                .append("out of producer order: ").append(verdict.reordered.size()).append(first(verdict.reordered))
                .append('\n')
                .append("committed offsets moved backwards: ").append(load.regressions.size())
                .append(first(load.regressions)).append('\n')
                .append("longest unavailability per partition (ms between two acknowledgements), partitions 0..")
                .append(partitions - 1).append(": ").append(Arrays.toString(load.longestGapsMs())).append('\n');
        return out.toString();
    }

    private static String first(List<String> problems) {
        return problems.isEmpty() ? "" : " " + problems.subList(0, Math.min(5, problems.size()));
    }

    private static long secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    private static int env(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
