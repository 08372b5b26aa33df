package dev.voltstream.broker.tools;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Moves every replica off a broker before it leaves the cluster (the first step of
 * {@code infra/bin/cluster-decommission.sh}): plans the moves ({@link DecommissionPlan}), submits them as one
 * partition reassignment (KIP-455, as {@code kafka-reassign-partitions.sh} would) and waits until no partition has a
 * replica on the broker and every moved partition's ISR is complete again. Stopping and unregistering the broker are
 * the script's next steps.
 *
 * <p>Usage: {@code DecommissionCommand --bootstrap-server HOST:PORT --broker ID [--timeout-seconds N]}.
 */
public final class DecommissionCommand {
    private final Admin admin;
    private final Consumer<String> out;

    /** {@code out} takes the progress lines (System.out in the command). */
    public DecommissionCommand(Admin admin, Consumer<String> out) {
        this.admin = admin;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = option(args, "--bootstrap-server").orElseThrow(() ->
                new IllegalArgumentException("usage: --bootstrap-server HOST:PORT --broker ID [--timeout-seconds N]"));
        int broker = Integer.parseInt(option(args, "--broker").orElseThrow(() ->
                new IllegalArgumentException("--broker ID is required")));
        long timeout = Long.parseLong(option(args, "--timeout-seconds").orElse("600"));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            new DecommissionCommand(admin, System.out::println).moveReplicasOff(broker, Duration.ofSeconds(timeout));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Moves every replica off {@code broker} and waits until the moves are complete; returns the moves made. */
    public Map<TopicPartition, List<Integer>> moveReplicasOff(int broker, Duration timeout) throws Exception {
        Set<Integer> remaining = admin.describeCluster().nodes().get().stream().map(Node::id)
                .filter(id -> id != broker).collect(Collectors.toSet());
        Map<TopicPartition, List<Integer>> assignments = new HashMap<>();
        partitions().forEach((tp, p) -> assignments.put(tp, replicaIds(p)));
        Map<TopicPartition, List<Integer>> moves = DecommissionPlan.plan(assignments, remaining, broker);
        out.accept("Broker " + broker + " holds replicas of " + moves.size() + " partition(s); moving them to "
                + remaining);
        if (!moves.isEmpty()) {
            Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
            moves.forEach((tp, replicas) -> request.put(tp, Optional.of(new NewPartitionReassignment(replicas))));
            admin.alterPartitionReassignments(request).all().get();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, TopicPartitionInfo> now = partitions();
            long left = now.values().stream().filter(p -> replicaIds(p).contains(broker)).count();
            boolean reassigning = !admin.listPartitionReassignments(moves.keySet()).reassignments().get().isEmpty();
            boolean inSync = moves.keySet().stream().map(now::get)
                    .allMatch(p -> p != null && p.isr().size() == p.replicas().size());
            if (left == 0 && !reassigning && inSync) {
                out.accept("No partition has a replica on broker " + broker + " any more; every moved partition "
                        + "is fully in sync. Stop the broker, then unregister it.");
                return moves;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out: " + left + " partition(s) still have a replica on broker "
                        + broker + " (reassignments in progress: " + reassigning + ")");
            }
            Thread.sleep(500); // polling a remote cluster's state: there is nothing local to wait on
        }
    }

    /** Every partition of every topic (internal ones included), as one describe of the cluster tells it. */
    private Map<TopicPartition, TopicPartitionInfo> partitions() throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        Map<TopicPartition, TopicPartitionInfo> partitions = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get().values()) {
            for (TopicPartitionInfo p : topic.partitions()) {
                partitions.put(new TopicPartition(topic.name(), p.partition()), p);
            }
        }
        return partitions;
    }

    private static List<Integer> replicaIds(TopicPartitionInfo partition) {
        return partition.replicas().stream().map(Node::id).toList();
    }

    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Optional.of(args[i + 1]);
            }
        }
        return Optional.empty();
    }
}
