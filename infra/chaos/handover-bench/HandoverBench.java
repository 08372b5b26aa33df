import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import dev.voltstream.broker.cluster.ChaosLoad;
import dev.voltstream.broker.cluster.ChaosVerdict;

/**
 * The driver of infra/chaos/handover-bench.sh, compiled by it together with broker-service/engine's ChaosLoad and
 * ChaosVerdict (the chaos soak's load and read-back) on Kafka's client jars.
 *
 *   probe BOOTSTRAP TOPIC PARTITIONS  creates TOPIC (RF 3, min.insync.replicas=2), waits until every partition has a
 *                                     full ISR and its leader serves ListOffsets, then runs ChaosLoad's idempotent
 *                                     acks=all producer writing to every partition every 20 ms and prints READY. Reads
 *                                     commands on stdin: "begin NAME" starts a window, "end NAME" prints a WINDOW line
 *                                     (per partition the longest gap between two acknowledgements in the window and
 *                                     when, in ms after "begin", it ended); on
 *                                     "finish" or at end of input it stops, reads the topic back and prints a VERDICT line. Exit
 *                                     status 2 if an acknowledged record was lost, duplicated, misplaced or reordered.
 *   await-isr BOOTSTRAP REPLICAS [GONE]  waits (5 min at most) until every partition of every topic has a leader,
 *                                     REPLICAS replicas, all of them in the ISR, and none on broker GONE; prints the
 *                                     milliseconds waited.
 */
public class HandoverBench {
    private static final int WRITE_INTERVAL_MS = 20;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "probe" -> System.exit(probe(args[1], args[2], Integer.parseInt(args[3])));
            case "await-isr" -> awaitIsr(args[1], Integer.parseInt(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : -1);
            default -> throw new IllegalArgumentException("probe BOOTSTRAP TOPIC PARTITIONS | await-isr BOOTSTRAP "
                    + "REPLICAS [GONE]");
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200));
    }

    private static int probe(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get();
            // Apache Kafka's leader can answer the first produce with NOT_LEADER_OR_FOLLOWER before it serves the
            // partition, after which its idempotent producer spins (KAFKA-15591): start once every leader serves.
            awaitIsr(admin, 3, -1, false);
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            retry(() -> admin.listOffsets(latest).all().get());
        }
        ChaosLoad load = new ChaosLoad(bootstrap, topic, partitions, partitions * 1000 / WRITE_INTERVAL_MS);
        load.startProducer(0);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (load.ackedCount() < 10 * partitions) {
            if (System.nanoTime() > deadline || load.failure() != null) {
                throw new IllegalStateException("the probe's producer did not get going", load.failure());
            }
            Thread.sleep(50); // polling a counter the producer threads update
        }
        System.out.println("READY");
        Map<String, Long> begun = new java.util.HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("finish")) {
                break;
            } else if (words.length == 2 && words[0].equals("begin")) {
                load.startWindow();
                begun.put(words[1], System.nanoTime());
            } else if (words.length == 2 && words[0].equals("end") && begun.containsKey(words[1])) {
                long[] gaps = load.windowGapsMs();
                long[] sorted = gaps.clone();
                Arrays.sort(sorted);
                double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
                System.out.printf("WINDOW %s duration_ms=%d max_ms=%d median_ms=%.0f errors=%d gaps_ms=%s "
                                + "gap_ended_at_ms=%s%n", words[1],
                        (System.nanoTime() - begun.get(words[1])) / 1_000_000, sorted[sorted.length - 1], median,
                        load.errorCount(), csv(gaps), csv(load.windowGapEndsMs()));
            } else {
                System.out.println("UNKNOWN " + line);
            }
            System.out.flush();
        }
        load.close();
        ChaosVerdict verdict = ChaosVerdict.readBack(bootstrap, load);
        System.out.printf("VERDICT acked=%d in_log=%d lost=%d duplicated=%d misplaced=%d reordered=%d errors=%d "
                        + "longest_gap_ms=%d%n", load.ackedCount(), verdict.recordsInLog, verdict.lost.size(),
                verdict.duplicated.size(), verdict.misplaced.size(), verdict.reordered.size(), load.errorCount(),
                Arrays.stream(load.longestGapsMs()).max().orElse(0));
        for (List<String> problems : List.of(verdict.lost, verdict.duplicated, verdict.misplaced, verdict.reordered)) {
            problems.stream().limit(5).forEach(p -> System.out.println("PROBLEM " + p));
        }
        if (load.failure() != null) {
            System.out.println("FAILURE " + load.failure());
        }
        boolean clean = verdict.lost.isEmpty() && verdict.duplicated.isEmpty() && verdict.misplaced.isEmpty()
                && verdict.reordered.isEmpty();
        return clean ? 0 : 2;
    }

    private static void awaitIsr(String bootstrap, int replicas, int gone) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            long start = System.nanoTime();
            awaitIsr(admin, replicas, gone, true);
            System.out.println((System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void awaitIsr(Admin admin, int replicas, int gone, boolean quiet) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            try {
                Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
                Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
                String problem = null;
                for (TopicDescription d : described.values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        Set<Integer> r = ids(p.replicas());
                        if (p.leader() == null || p.leader().isEmpty() || r.size() != replicas
                                || !r.equals(ids(p.isr())) || r.contains(gone)) {
                            problem = d.name() + "-" + p.partition() + " leader " + p.leader() + " replicas " + r
                                    + " isr " + ids(p.isr());
                        }
                    }
                }
                if (problem == null) {
                    return;
                }
                last = problem;
            } catch (ExecutionException e) {
                last = e.getCause().toString();
            }
            Thread.sleep(200); // polling cluster state: there is nothing to be told by
        }
        throw new IllegalStateException("partitions not fully replicated after 5 minutes: " + last);
    }

    private static String csv(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private static Set<Integer> ids(List<Node> nodes) {
        Set<Integer> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.id()));
        return ids;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void retry(Call call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (ExecutionException e) {
                if (attempt == 50) {
                    throw e;
                }
                Thread.sleep(200); // a leader not serving yet: ask again
            }
        }
    }
}
