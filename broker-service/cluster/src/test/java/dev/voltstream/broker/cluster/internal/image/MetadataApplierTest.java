package dev.voltstream.broker.cluster.internal.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.MetadataCommand.AlterIsr;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.CreateTopic;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.FenceBroker;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand.RegisterBroker;
import dev.voltstream.broker.metadata.PartitionState;

class MetadataApplierTest {
    private long offset;

    private ClusterImage apply(ClusterImage image, MetadataCommand command) {
        MetadataApplier.Applied applied = MetadataApplier.apply(image, command, ++offset);
        assertThat(applied.error()).as("applying %s: %s", command, applied.message()).isEqualTo(Errors.NONE);
        return applied.image();
    }

    private ClusterImage brokers(String... racks) {
        ClusterImage image = ClusterImage.EMPTY;
        for (int i = 0; i < racks.length; i++) {
            image = apply(image, new RegisterBroker(i + 1, "127.0.0.1", 9092 + i, racks[i], "inc-" + (i + 1)));
        }
        return image;
    }

    @Test
    void placesReplicasOnDistinctBrokersSpreadingLeaders() {
        ClusterImage image = apply(brokers(null, null, null), new CreateTopic("t", Uuid.randomUuid(), 6, 3, Map.of()));
        Set<Integer> leaders = new HashSet<>();
        for (PartitionState p : image.topics().get("t").partitions()) {
            assertThat(p.replicas()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(p.isr()).isEqualTo(p.replicas());
            assertThat(p.leader()).isEqualTo(p.replicas().get(0));
            leaders.add(p.leader());
        }
        assertThat(leaders).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void rackAwarePlacementSpansRacks() {
        ClusterImage image = apply(brokers("a", "a", "b", "b"),
                new CreateTopic("t", Uuid.randomUuid(), 8, 2, Map.of()));
        for (PartitionState p : image.topics().get("t").partitions()) {
            Set<String> racks = new HashSet<>();
            p.replicas().forEach(r -> racks.add(image.brokers().get(r).rack()));
            assertThat(racks).as("racks of %s", p.replicas()).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void explicitAssignmentsAreKeptAndCheckedAgainstRegisteredBrokers() {
        ClusterImage image = apply(brokers(null, null, null), new CreateTopic("t", Uuid.randomUuid(), 2, 2, Map.of(),
                List.of(List.of(3, 1), List.of(2, 3))));
        assertThat(image.topics().get("t").partitions()).extracting(PartitionState::replicas)
                .containsExactly(List.of(3, 1), List.of(2, 3));
        assertThat(image.partition(new TopicPartition("t", 0)).orElseThrow().leader()).isEqualTo(3);
        MetadataApplier.Applied unknown = MetadataApplier.apply(image, new CreateTopic("u", Uuid.randomUuid(), 1, 1,
                Map.of(), List.of(List.of(7))), 50);
        assertThat(unknown.error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
    }

    @Test
    void refusesMoreReplicasThanAliveBrokers() {
        MetadataApplier.Applied applied = MetadataApplier.apply(brokers(null, null),
                new CreateTopic("t", Uuid.randomUuid(), 1, 3, Map.of()), 9);
        assertThat(applied.error()).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(applied.image().topics()).isEmpty();
    }

    @Test
    void fencingTheLeaderElectsAnotherIsrMemberWithABumpedEpoch() {
        ClusterImage image = apply(brokers(null, null, null), new CreateTopic("t", Uuid.randomUuid(), 1, 3, Map.of()));
        PartitionState before = image.partition(new TopicPartition("t", 0)).orElseThrow();
        int leader = before.leader();
        image = apply(image, new FenceBroker(leader, "inc-" + leader));
        PartitionState after = image.partition(new TopicPartition("t", 0)).orElseThrow();
        assertThat(after.leader()).isNotEqualTo(leader).isIn(before.isr());
        assertThat(after.leaderEpoch()).isEqualTo(before.leaderEpoch() + 1);
        assertThat(after.isr()).doesNotContain(leader).hasSize(2);
        assertThat(image.alive(leader)).isFalse();
    }

    @Test
    void offlineReplicasOfALiveBrokerLeaveTheIsrAndTheirLeadershipsMoveOnlyForThosePartitions() {
        ClusterImage image = apply(brokers(null, null, null), new CreateTopic("t", Uuid.randomUuid(), 2, 3, Map.of(),
                List.of(List.of(1, 2, 3), List.of(1, 3, 2))));
        image = apply(image, new CreateTopic("other", Uuid.randomUuid(), 1, 3, Map.of(), List.of(List.of(1, 2, 3))));
        TopicPartition t0 = new TopicPartition("t", 0);
        TopicPartition t1 = new TopicPartition("t", 1);
        PartitionState before = image.partition(t0).orElseThrow();
        image = apply(image, new MetadataCommand.OfflineReplicas(1, "inc-1", List.of(t0, t1)));
        assertThat(image.partition(t0).orElseThrow().leader()).isEqualTo(2);
        assertThat(image.partition(t0).orElseThrow().leaderEpoch()).isEqualTo(before.leaderEpoch() + 1);
        assertThat(image.partition(t0).orElseThrow().isr()).containsExactly(2, 3);
        assertThat(image.partition(t1).orElseThrow().leader()).isEqualTo(3);
        assertThat(image.partition(new TopicPartition("other", 0)).orElseThrow().leader()).isEqualTo(1);
        assertThat(image.alive(1)).isTrue();

        // a report of another incarnation (an earlier run of broker 2) changes nothing
        ClusterImage same = apply(image, new MetadataCommand.OfflineReplicas(2, "old", List.of(t0)));
        assertThat(same.partition(t0)).isEqualTo(image.partition(t0));
    }

    @Test
    void theLastIsrMemberKeepsItsPlaceAndLeadsAgainWhenBack() {
        ClusterImage image = apply(brokers(null, null), new CreateTopic("t", Uuid.randomUuid(), 1, 1, Map.of()));
        int only = image.partition(new TopicPartition("t", 0)).orElseThrow().leader();
        image = apply(image, new FenceBroker(only, "inc-" + only));
        PartitionState offline = image.partition(new TopicPartition("t", 0)).orElseThrow();
        assertThat(offline.leader()).isEqualTo(-1); // no unclean election
        assertThat(offline.isr()).containsExactly(only);
        image = apply(image, new RegisterBroker(only, "127.0.0.1", 9999, null, "restarted"));
        PartitionState back = image.partition(new TopicPartition("t", 0)).orElseThrow();
        assertThat(back.leader()).isEqualTo(only);
        assertThat(back.leaderEpoch()).isEqualTo(offline.leaderEpoch() + 1);
    }

    @Test
    void aRestartedIncarnationLosesItsLeadershipsAtOnce() {
        ClusterImage image = apply(brokers(null, null, null), new CreateTopic("t", Uuid.randomUuid(), 3, 3, Map.of()));
        image = apply(image, new RegisterBroker(1, "127.0.0.1", 9092, null, "inc-1-again"));
        for (PartitionState p : image.topics().get("t").partitions()) {
            assertThat(p.leader()).isNotEqualTo(1);
            assertThat(p.isr()).doesNotContain(1);
        }
        assertThat(image.alive(1)).isTrue();
    }

    @Test
    void isrChangesOnlyFromTheCurrentLeaderAtItsEpoch() {
        ClusterImage image = apply(brokers(null, null, null), new CreateTopic("t", Uuid.randomUuid(), 1, 3, Map.of()));
        PartitionState p = image.partition(new TopicPartition("t", 0)).orElseThrow();
        List<Integer> shrunk = List.of(p.leader(), p.replicas().get(1));
        MetadataApplier.Applied stale = MetadataApplier.apply(image,
                new AlterIsr("t", 0, p.leader(), p.leaderEpoch() + 1, shrunk), 99);
        assertThat(stale.error()).isEqualTo(Errors.FENCED_LEADER_EPOCH);
        image = apply(image, new AlterIsr("t", 0, p.leader(), p.leaderEpoch(), shrunk));
        assertThat(image.partition(new TopicPartition("t", 0)).orElseThrow().isr()).isEqualTo(shrunk);
        // A fenced broker cannot rejoin.
        int third = p.replicas().get(2);
        image = apply(image, new FenceBroker(third, "inc-" + third));
        image = apply(image, new AlterIsr("t", 0, p.leader(), p.leaderEpoch(), p.replicas()));
        assertThat(image.partition(new TopicPartition("t", 0)).orElseThrow().isr()).doesNotContain(third);
    }

    @Test
    void aBatchOfConfigChangesAppliesAsOneStepSkippingTopicsGoneOrRecreatedSinceValidation() {
        Uuid a = Uuid.randomUuid();
        Uuid b = Uuid.randomUuid();
        Uuid oldC = Uuid.randomUuid();
        ClusterImage image = brokers(null, null);
        image = apply(image, new CreateTopic("a", a, 1, 2, Map.of("retention.ms", "1")));
        image = apply(image, new CreateTopic("b", b, 2, 2, Map.of()));
        image = apply(image, new CreateTopic("c", Uuid.randomUuid(), 1, 2, Map.of("segment.ms", "5")));
        long before = offset;

        MetadataApplier.Applied applied = MetadataApplier.apply(image, new MetadataCommand.AlterTopicConfigsBatch(
                List.of(new MetadataCommand.TopicConfigs("a", a, Map.of("retention.ms", "2")),
                        new MetadataCommand.TopicConfigs("gone", Uuid.randomUuid(), Map.of("retention.ms", "3")),
                        new MetadataCommand.TopicConfigs("c", oldC, Map.of("retention.ms", "4")),
                        new MetadataCommand.TopicConfigs("b", b, Map.of("cleanup.policy", "compact")))), before + 1);

        assertThat(applied.error()).isEqualTo(Errors.NONE);
        ClusterImage after = applied.image();
        assertThat(after.topics().get("a").configs()).isEqualTo(Map.of("retention.ms", "2"));
        assertThat(after.topics().get("b").configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(after.topics().get("b").partitions()).isEqualTo(image.topics().get("b").partitions());
        assertThat(after.topics().get("c")).as("re-created since validation: left as it is")
                .isEqualTo(image.topics().get("c"));
        assertThat(after.topics()).doesNotContainKey("gone");
        assertThat(after.offset()).isEqualTo(before + 1);
    }

    @Test
    void commandsSurviveTheirByteForm() {
        List<MetadataCommand> commands = List.of(
                new RegisterBroker(1, "h", 1, null, "x"), new RegisterBroker(2, "h", 2, "r1", "y"),
                new FenceBroker(3, "z"), new CreateTopic("t", Uuid.randomUuid(), 3, 2, Map.of("a", "b")),
                new CreateTopic("p", Uuid.randomUuid(), 2, 2, Map.of(), List.of(List.of(1, 2), List.of(2, 1))),
                new MetadataCommand.CreatePartitions("t", 5), new MetadataCommand.AlterTopicConfigs("t", Map.of()),
                new MetadataCommand.DeleteTopic("t"), new AlterIsr("t", 1, 2, 3, List.of(2, 1)));
        for (MetadataCommand c : commands) {
            assertThat(MetadataCodec.decode(MetadataCodec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void brokerConfigsAreKeptPerResourceAndSurviveTheCodec() {
        ClusterImage image = apply(brokers(null, null), new MetadataCommand.AlterBrokerConfigs("",
                Map.of("log.retention.ms", "60000")));
        MetadataCommand perBroker = MetadataCodec.decode(MetadataCodec.encode(
                new MetadataCommand.AlterBrokerConfigs("2", Map.of("log.segment.bytes", "1048576"))));
        image = apply(image, perBroker);
        assertThat(image.brokerConfigs("")).isEqualTo(Map.of("log.retention.ms", "60000"));
        assertThat(image.brokerConfigs("2")).isEqualTo(Map.of("log.segment.bytes", "1048576"));
        assertThat(image.brokerConfigs("1")).isEmpty();

        image = apply(image, new MetadataCommand.AlterBrokerConfigs("", Map.of()));
        assertThat(image.brokerConfigs()).containsOnlyKeys("2");
        MetadataApplier.Applied bad = MetadataApplier.apply(image,
                new MetadataCommand.AlterBrokerConfigs("broker-1", Map.of("log.retention.ms", "1")), 99);
        assertThat(bad.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(bad.image().brokerConfigs()).isEqualTo(image.brokerConfigs());
    }
}
