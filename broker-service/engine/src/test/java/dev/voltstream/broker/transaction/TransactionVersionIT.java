package dev.voltstream.broker.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.tools.FeatureCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * Transaction versions 1 and 2 (KIP-890 part 2) with the stock Java client, on one broker whose
 * {@code transaction.version} is changed through UpdateFeatures ({@code kafka-features.sh}): at each level a
 * transactional producer commits, aborts and commits again (with its consumer offsets in the last one) and a
 * read_committed consumer sees exactly the committed records. DescribeTransactions shows which version the client
 * used: with 2 every EndTxn bumped the producer epoch, with 1 it stayed.
 */
class TransactionVersionIT {
    private static final String TV = "transaction.version";

    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() {
        broker = TestBroker.start(dir, Map.of("voltstream.initial.transaction.version", "1"));
        admin = broker.admin();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    private static void finalize(short level) throws Exception {
        short current = admin.describeFeatures().featureMetadata().get().finalizedFeatures().get(TV).maxVersionLevel();
        if (current != level) {
            admin.updateFeatures(Map.of(TV, new FeatureUpdate(level, level > current
                    ? FeatureUpdate.UpgradeType.UPGRADE : FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                    new UpdateFeaturesOptions()).all().get();
        }
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(shorts = {1, 2})
    void aTransactionalProducerAndReadCommittedConsumerUseTheFinalizedVersion(short level) throws Exception {
        finalize(level);
        String topic = "tv" + level;
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        String id = "tv-producer-" + level;
        try (KafkaProducer<String, String> producer = broker.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, id))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k1", "committed-1"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k2", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k3", "committed-2"));
            producer.sendOffsetsToTransaction(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(1)),
                    new ConsumerGroupMetadata("tv-group-" + level));
            producer.commitTransaction();
        }

        assertThat(TransactionsIT.values(TransactionsIT.readAll(broker, topic, IsolationLevel.READ_COMMITTED)))
                .containsExactlyInAnyOrder("committed-1", "committed-2");
        assertThat(TransactionsIT.values(TransactionsIT.readAll(broker, topic, IsolationLevel.READ_UNCOMMITTED)))
                .containsExactlyInAnyOrder("committed-1", "aborted", "committed-2");
        assertThat(admin.listConsumerGroupOffsets("tv-group-" + level).partitionsToOffsetAndMetadata().get())
                .containsEntry(new TopicPartition(topic, 0), new OffsetAndMetadata(1));
        TransactionDescription described = admin.describeTransactions(List.of(id)).description(id).get();
        assertThat(described.producerEpoch()).as("the producer epoch after three EndTxn")
                .isEqualTo(level == 2 ? 3 : 0);
    }

    @Test
    void kafkaFeaturesDescribesAndUpgradesTransactionVersion() throws Exception {
        finalize((short) 1);
        KafkaTool.Result described = KafkaTool.run(FeatureCommand::main, "--bootstrap-server",
                broker.bootstrapServers(), "describe");
        assertThat(described.exitCode()).as(described.stderr()).isZero();
        assertThat(described.stdout()).contains("Feature: transaction.version", "SupportedMinVersion: 0",
                "SupportedMaxVersion: 2", "FinalizedVersionLevel: 1");
        long epoch = admin.describeFeatures().featureMetadata().get().finalizedFeaturesEpoch().orElseThrow();

        KafkaTool.Result upgraded = KafkaTool.run(FeatureCommand::main, "--bootstrap-server",
                broker.bootstrapServers(), "upgrade", "--feature", "transaction.version=2");
        assertThat(upgraded.exitCode()).as(upgraded.stderr()).isZero();

        FeatureMetadata features = admin.describeFeatures().featureMetadata().get();
        assertThat(features.finalizedFeatures().get(TV).maxVersionLevel()).isEqualTo((short) 2);
        assertThat(features.finalizedFeaturesEpoch().orElseThrow()).isGreaterThan(epoch);
    }

    @Test
    void anUpdateBeyondTheSupportedLevelsOrTheWrongWayIsRefused() throws Exception {
        finalize((short) 2);
        assertThatThrownBy(() -> admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) 3,
                FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get())
                .hasCauseInstanceOf(InvalidUpdateVersionException.class);
        assertThatThrownBy(() -> admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) 1,
                FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get())
                .hasCauseInstanceOf(InvalidUpdateVersionException.class)
                .hasMessageContaining("Can't downgrade to a lower version");
        assertThatThrownBy(() -> admin.updateFeatures(Map.of("no.such.feature", new FeatureUpdate((short) 1,
                FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get())
                .hasCauseInstanceOf(InvalidUpdateVersionException.class);
        admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                new UpdateFeaturesOptions().validateOnly(true)).all().get();
        assertThat(admin.describeFeatures().featureMetadata().get().finalizedFeatures().get(TV).maxVersionLevel())
                .as("validateOnly changes nothing").isEqualTo((short) 2);
    }
}
