package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.tools.MetadataQuorumCommand;
import org.apache.kafka.tools.reassign.ReassignPartitionsCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.internal.quorum.MetadataQuorum;
import dev.voltstream.broker.testkit.KafkaTool;

/**
 * Issue #4's membership: a fourth broker, not a voter, joins a running three-voter cluster as an observer of the
 * metadata log, gets replicas of new topics, serves clients and rejoins after a restart; then Kafka's own
 * kafka-reassign-partitions tool moves a partition from {1,2,3} to {2,3,4} (--execute, then --verify) with every
 * record intact and the old replica's log gone.
 */
@Timeout(240)
class ClusterMembershipIT {
    @TempDir
    Path dir;

    @Test
    void aNewBrokerJoinsReceivesPartitionsAndTakesOverAReassignedPartition() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            cluster.start(4);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get()).extracting(Node::id)
                            .containsExactlyInAnyOrder(1, 2, 3, 4));
            // Broker 4 is a listener of the Raft group: the voters (and so the quorum's majority) are unchanged.
            MetadataQuorum quorum = cluster.broker(1).clusterNode().orElseThrow().quorum();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(quorum.members(false)).containsExactly(1, 2, 3);
                assertThat(quorum.members(true)).containsExactly(4);
            });

            describeTheQuorumWithKafkasTool(cluster);

            // New partitions are placed on broker 4 too; clients bootstrapping from broker 4 alone work.
            admin.createTopics(List.of(new NewTopic("grown", 4, (short) 3))).all().get();
            TopicDescription grown = ClusterIT.describeCreated(admin, "grown");
            assertThat(grown.partitions()).anySatisfy(p ->
                    assertThat(p.replicas()).extracting(Node::id).contains(4));
            assertThat(grown.partitions()).anySatisfy(p -> assertThat(p.leader().id()).isEqualTo(4));
            String viaFour = cluster.bootstrapServers(4);
            produce(viaFour, "grown", 0, 200);
            assertThat(ClusterIT.consumeAll(viaFour, "grown", 200)).hasSize(200);

            // Broker 4 restarts: it rejoins (still an observer), catches up and is back in every ISR.
            cluster.stop(4);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).doesNotContain(4));
            produce(cluster.bootstrapServers(), "grown", 200, 100);
            cluster.start(4);
            awaitFullIsr(admin, "grown");
            assertThat(quorum.members(false)).containsExactly(1, 2, 3);
            assertThat(ClusterIT.consumeAll(viaFour, "grown", 300)).hasSize(300);

            reassignWithKafkasTool(cluster, admin);
            badReassignments(admin);
            reassignAwayFromAStoppedBroker(cluster, admin);
            growAndShrinkTheVotersWithKafkasTool(cluster, admin);
        }
    }

    /**
     * KIP-853 on a running cluster: {@code kafka-metadata-quorum.sh add-controller} promotes observer 4 to a voter,
     * {@code remove-controller} demotes voter 1, and with broker 1 stopped the quorum of 2, 3 and 4 still commits
     * metadata; everything acknowledged before is still there, and broker 4 stays a voter across a restart.
     */
    private void growAndShrinkTheVotersWithKafkasTool(InProcessCluster cluster, Admin admin) throws Exception {
        MetadataQuorum quorum = cluster.broker(2).clusterNode().orElseThrow().quorum();
        Path brokerFour = dir.resolve("broker-4.properties");
        Properties props = new Properties();
        props.putAll(cluster.properties(4));
        try (var out = Files.newBufferedWriter(brokerFour)) {
            props.store(out, null);
        }
        KafkaTool.Result added = KafkaTool.run(MetadataQuorumCommand::main, "--bootstrap-server",
                cluster.bootstrapServers(), "--command-config", brokerFour.toString(), "add-controller");
        assertThat(added.exitCode()).as(added.stderr()).isZero();
        assertThat(added.stdout()).contains("Added controller 4");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(quorum.members(false)).containsExactly(1, 2, 3, 4));

        KafkaTool.Result removed = KafkaTool.run(MetadataQuorumCommand::main, "--bootstrap-server",
                cluster.bootstrapServers(), "remove-controller", "--controller-id", "1", "--controller-directory-id",
                directoryId(dir.resolve("broker-1")));
        assertThat(removed.exitCode()).as(removed.stderr()).isZero();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(quorum.members(false)).containsExactly(2, 3, 4);
            assertThat(quorum.members(true)).contains(1);
        });

        cluster.stop(1);
        String survivors = cluster.bootstrapServers(2) + "," + cluster.bootstrapServers(4);
        try (Admin viaSurvivors = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, survivors))) {
            viaSurvivors.createTopics(List.of(new NewTopic("after-shrink", 2, (short) 3))).all().get();
            ClusterIT.describeCreated(viaSurvivors, "after-shrink");
        }
        produce(survivors, "after-shrink", 0, 100);
        assertThat(ClusterIT.consumeAll(survivors, "after-shrink", 100)).hasSize(100);
        assertThat(ClusterIT.consumeAll(survivors, "grown", 300)).hasSize(300);

        cluster.stop(4);
        cluster.start(4);
        MetadataQuorum four = cluster.broker(4).clusterNode().orElseThrow().quorum();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(four.members(false)).as("still a voter after a restart").containsExactly(2, 3, 4));
    }

    private static String directoryId(Path logDir) throws Exception {
        Properties meta = new Properties();
        try (var in = Files.newBufferedReader(logDir.resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("directory.id");
    }

    /**
     * {@code kafka-metadata-quorum.sh describe --status / --replication} against any broker: the Raft leader, the three
     * voters and the observer, everyone caught up with the high watermark.
     */
    private void describeTheQuorumWithKafkasTool(InProcessCluster cluster) {
        int controller = cluster.broker(1).clusterNode().orElseThrow().quorum().controllerId();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            KafkaTool.Result status = KafkaTool.run(MetadataQuorumCommand::main,
                    "--bootstrap-server", cluster.bootstrapServers(4), "describe", "--status");
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout()).contains("LeaderId:               " + controller)
                    .containsPattern("MaxFollowerLag:\\s+0\\b")
                    .containsPattern("CurrentVoters:\\s+\\[\\{\"id\": 1")
                    .containsPattern("CurrentObservers:\\s+\\[\\{\"id\": 4");
        });
        KafkaTool.Result replication = KafkaTool.run(MetadataQuorumCommand::main,
                "--bootstrap-server", cluster.bootstrapServers(), "describe", "--replication");
        assertThat(replication.exitCode()).as(replication.stderr()).isZero();
        assertThat(replication.stdout()).containsPattern("(?m)^" + controller + "\\s.*\\bLeader\\s*$")
                .containsPattern("(?m)^4\\s.*\\bObserver\\s*$");
        assertThat(replication.stdout().lines().filter(l -> l.contains("Follower"))).hasSize(2);
    }

    /** A replica reassigned away while its broker was down is deleted when that broker is back (not while replaying). */
    private void reassignAwayFromAStoppedBroker(InProcessCluster cluster, Admin admin) throws Exception {
        TopicPartitionInfo withFour = describe(admin, "grown").partitions().stream()
                .filter(p -> p.replicas().stream().anyMatch(n -> n.id() == 4)).findFirst().orElseThrow();
        TopicPartition away = new TopicPartition("grown", withFour.partition());
        cluster.stop(4);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).doesNotContain(4));
        // Only removing a replica: the target is in the ISR already, so the reassignment completes at once.
        List<Integer> rest = withFour.replicas().stream().map(Node::id).filter(id -> id != 4).toList();
        reassign(admin, away, rest);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(describe(admin, "grown").partitions().get(away.partition()).replicas())
                        .extracting(Node::id).containsExactlyElementsOf(rest));
        assertThat(dir.resolve("broker-4").resolve(away.toString())).exists();
        cluster.start(4);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(cluster.broker(4).components().replicas().hasReplica(away)).isFalse();
            assertThat(dir.resolve("broker-4").resolve(away.toString())).doesNotExist();
        });
        awaitFullIsr(admin, "grown");
        assertThat(ClusterIT.consumeAll(cluster.bootstrapServers(4), "grown", 300)).hasSize(300);
    }

    private void reassignWithKafkasTool(InProcessCluster cluster, Admin admin) throws Exception {
        admin.createTopics(List.of(new NewTopic("moves", Map.of(0, List.of(1, 2, 3))))).all().get();
        produce(cluster.bootstrapServers(), "moves", 0, 500);
        TopicPartition tp = new TopicPartition("moves", 0);
        Path plan = dir.resolve("reassignment.json");
        Files.writeString(plan, "{\"version\":1,\"partitions\":[{\"topic\":\"moves\",\"partition\":0,"
                + "\"replicas\":[2,3,4]}]}");

        KafkaTool.Result execute = tool(cluster, "--reassignment-json-file", plan.toString(), "--execute");
        assertThat(execute.exitCode()).as(execute.stdout() + execute.stderr()).isZero();
        assertThat(execute.stdout()).contains("Successfully started partition reassignment");
        // While in progress the partition lists target + original replicas; at the end exactly the target.
        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments().reassignments().get();
        if (ongoing.containsKey(tp)) {
            assertThat(ongoing.get(tp).replicas()).containsExactly(2, 3, 4, 1);
            assertThat(ongoing.get(tp).addingReplicas()).containsExactly(4);
            assertThat(ongoing.get(tp).removingReplicas()).containsExactly(1);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            KafkaTool.Result verify = tool(cluster, "--reassignment-json-file", plan.toString(), "--verify");
            assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("Reassignment of partition moves-0 is completed");
        });
        TopicPartitionInfo moved = describe(admin, "moves").partitions().get(0);
        assertThat(moved.replicas()).extracting(Node::id).containsExactly(2, 3, 4);
        assertThat(moved.leader().id()).isEqualTo(2);
        assertThat(admin.listPartitionReassignments().reassignments().get()).doesNotContainKey(tp);

        // The old replica stopped fetching and deleted its log; every record is on the new replicas.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.broker(1).components().replicas().hasReplica(tp)).isFalse();
            for (int id = 2; id <= 4; id++) {
                assertThat(cluster.broker(id).components().replicas().partition(tp).orElseThrow().logEndOffset())
                        .isEqualTo(500);
            }
        });
        try (var dirs = Files.list(dir.resolve("broker-1"))) {
            assertThat(dirs.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals("moves-0"));
        }
        List<ConsumerRecord<String, String>> records = ClusterIT.consumeAll(cluster.bootstrapServers(4), "moves", 500);
        Set<String> values = new HashSet<>();
        records.forEach(r -> values.add(r.value()));
        assertThat(values).hasSize(500);
    }

    private static void badReassignments(Admin admin) {
        TopicPartition tp = new TopicPartition("moves", 0);
        assertThatThrownBy(() -> reassign(admin, new TopicPartition("nope", 0), List.of(1, 2, 3)))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> reassign(admin, new TopicPartition("moves", 7), List.of(1, 2, 3)))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> reassign(admin, tp, List.of(2, 2, 3)))
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> reassign(admin, tp, List.of(2, 3, 99)))
                .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
        assertThatThrownBy(() -> admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get())
                .hasCauseInstanceOf(NoReassignmentInProgressException.class);
    }

    private static void reassign(Admin admin, TopicPartition tp, List<Integer> target) throws Exception {
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(target)))).all().get();
    }

    private static KafkaTool.Result tool(InProcessCluster cluster, String... args) {
        List<String> full = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers()));
        full.addAll(List.of(args));
        return KafkaTool.run(ReassignPartitionsCommand::main, full.toArray(String[]::new));
    }

    static void produce(String bootstrap, String topic, int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = ClusterIT.producer(bootstrap, new HashMap<>())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + (i % 20), "v" + i)).get();
            }
        }
    }

    private static void awaitFullIsr(Admin admin, String topic) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (TopicPartitionInfo p : describe(admin, topic).partitions()) {
                assertThat(p.isr()).extracting(Node::id).containsExactlyInAnyOrderElementsOf(
                        p.replicas().stream().map(Node::id).toList());
            }
        });
    }

    private static TopicDescription describe(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    }
}
