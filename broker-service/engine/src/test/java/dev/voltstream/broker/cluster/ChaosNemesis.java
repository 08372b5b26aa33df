package dev.voltstream.broker.cluster;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Faults for a chaos soak, one at a time: SIGKILL then restart, SIGSTOP then SIGCONT, or a controlled restart, of the
 * metadata (Raft) leader, the leader of a random partition, or a random broker, in a fixed rotation so every action
 * meets every kind of victim. After each fault it waits for the producers and every group to make progress and for
 * every broker to be back in every ISR, and records how long that took.
 */
final class ChaosNemesis {
    enum Action { KILL, PAUSE, RESTART }

    enum Target { METADATA_LEADER, PARTITION_LEADER, ANY }

    /** One fault and what followed it. */
    record Fault(int index, Action action, Target target, int broker, String role, long stoppedMs,
                 long producersResumedMs, long groupsResumedMs, long restartedMs, long fullIsrMs, long longestGapMs,
                 long longestGapEndMs, String problem) {
        @Override
        public String toString() {
            return String.format("%2d %-7s broker %d (%s): down after %d ms, producers resumed after %d ms, groups "
                    + "after %d ms, back after %d ms, full ISR after %d ms, longest gap between acks of a partition "
                    + "%d ms (ending %d ms after the fault)%s", index, action, broker, role, stoppedMs,
                    producersResumedMs, groupsResumedMs, restartedMs, fullIsrMs, longestGapMs, longestGapEndMs,
                    problem == null ? "" : " -- " + problem);
        }
    }

    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(120);

    private final BrokerProcesses cluster;
    private final Admin admin;
    private final ChaosLoad load;
    private final String topic;
    private final List<String> groups;
    private final Random random;
    private final List<Action> actions;
    final List<Fault> faults = new ArrayList<>();

    ChaosNemesis(BrokerProcesses cluster, Admin admin, ChaosLoad load, String topic, List<String> groups, long seed) {
        this(cluster, admin, load, topic, groups, seed, List.of(Action.values()));
    }

    /** Only {@code actions}, in turn (each against every kind of target). */
    ChaosNemesis(BrokerProcesses cluster, Admin admin, ChaosLoad load, String topic, List<String> groups, long seed,
                 List<Action> actions) {
        this.actions = List.copyOf(actions);
        this.cluster = cluster;
        this.admin = admin;
        this.load = load;
        this.topic = topic;
        this.groups = groups;
        this.random = new Random(seed);
    }

    /** One fault, then waits until the victim is back: started, and in every ISR. */
    void inject(int index) throws Exception {
        Action action = actions.get(index % actions.size());
        Target target = Target.values()[(index / actions.size()) % 3];
        int victim = pick(target);
        String role = roleOf(victim);
        long acksBefore = load.ackedCount();
        long[] committedBefore = groups.stream().mapToLong(load::committedTotal).toArray();
        load.startWindow();
        long start = System.nanoTime();
        switch (action) {
            case KILL -> cluster.kill(victim);
            case PAUSE -> cluster.pause(victim);
            case RESTART -> cluster.stop(victim);
        }
        long stoppedMs = msSince(start);
        String problem = null;
        long producersMs = -1;
        long groupsMs = -1;
        try {
            // The other two brokers hold a majority of the quorum and an ISR of min.insync.replicas=2.
            await().atMost(PROGRESS_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> load.ackedCount() > acksBefore + 20);
            producersMs = msSince(start);
            await().atMost(PROGRESS_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (int g = 0; g < groups.size(); g++) {
                    if (load.committedTotal(groups.get(g)) <= committedBefore[g]) {
                        return false;
                    }
                }
                return true;
            });
            groupsMs = msSince(start);
        } catch (ConditionTimeoutException e) {
            problem = producersMs < 0 ? "producers made no progress" : "a group made no progress";
        }
        if (action == Action.PAUSE) {
            // Keep it frozen until the cluster has moved on without it (fenced it: it is no longer an alive broker).
            try {
                await().atMost(PROGRESS_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                        .until(() -> admin.describeCluster().nodes().get().stream().noneMatch(n -> n.id() == victim));
            } catch (ConditionTimeoutException e) {
                // Resume it all the same; whether the cluster recovers is what the checks below are about.
            }
            cluster.resume(victim);
        } else {
            long started = cluster.timesStarted(victim);
            cluster.start(victim);
            cluster.awaitStarted(victim, started, PROGRESS_TIMEOUT);
        }
        long restartedMs = msSince(start);
        long fullIsrMs = -1;
        try {
            awaitFullIsr();
            fullIsrMs = msSince(start);
        } catch (ConditionTimeoutException e) {
            problem = (problem == null ? "" : problem + "; ") + "broker " + victim + " did not rejoin every ISR";
        }
        Fault fault = new Fault(index, action, target, victim, role, stoppedMs, producersMs, groupsMs, restartedMs,
                fullIsrMs, load.longestWindowGapMs(), load.longestWindowGapEndMs(), problem);
        faults.add(fault);
        System.out.println("chaos fault " + fault);
    }

    private int pick(Target target) throws Exception {
        return switch (target) {
            case METADATA_LEADER -> admin.describeCluster().controller().get().id();
            case PARTITION_LEADER -> {
                List<TopicPartitionInfo> partitions = BrokerProcesses.describe(admin, topic).partitions();
                Node leader = partitions.get(random.nextInt(partitions.size())).leader();
                yield leader != null ? leader.id() : 1 + random.nextInt(3);
            }
            case ANY -> 1 + random.nextInt(3);
        };
    }

    private String roleOf(int broker) throws Exception {
        List<String> roles = new ArrayList<>();
        if (admin.describeCluster().controller().get().id() == broker) {
            roles.add("metadata leader");
        }
        TopicDescription description = BrokerProcesses.describe(admin, topic);
        long led = description.partitions().stream()
                .filter(p -> p.leader() != null && p.leader().id() == broker).count();
        roles.add("leader of " + led + "/" + description.partitions().size() + " partitions");
        return String.join(", ", roles);
    }

    void awaitFullIsr() {
        await().atMost(PROGRESS_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            for (TopicPartitionInfo p : BrokerProcesses.describe(admin, topic).partitions()) {
                if (p.leader() == null || p.isr().size() != 3) {
                    return false;
                }
            }
            return true;
        });
    }

    private static long msSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
