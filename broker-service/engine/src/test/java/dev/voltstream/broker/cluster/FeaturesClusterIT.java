package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transaction.version} in a cluster: a new cluster finalizes 2 when it is formed, on every broker alike;
 * downgraded to 1, a transactional producer uses transaction version 1 across brokers; finalized at 2 again through one broker (UpdateFeatures), the level reaches every broker through the metadata
 * log, survives a broker's restart, and a new producer uses transaction version 2 across brokers (each EndTxn bumps
 * its epoch, an abort of nothing sent too; partitions led elsewhere are added by their leaders asking the
 * coordinator).
 */
@Timeout(120)
class FeaturesClusterIT {
    private static final String TV = "transaction.version";

    @TempDir
    Path dir;

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(props);
    }

    private static short finalizedVia(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            return admin.describeFeatures().featureMetadata().get().finalizedFeatures().get(TV).maxVersionLevel();
        }
    }

    /**
     * Six transactions over the three partitions (led by different brokers), the fourth aborted, usually before any
     * of its batches was sent; returns the producer epoch DescribeTransactions reports after them.
     */
    private static int transactEndingEach(InProcessCluster cluster, String transactionalId) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            for (int txn = 0; txn < 6; txn++) {
                producer.beginTransaction();
                for (int partition = 0; partition < 3; partition++) {
                    producer.send(new ProducerRecord<>("tv2-orders", partition, "k", "v" + txn));
                }
                if (txn % 4 == 3) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
            }
        }
        try (Admin admin = cluster.admin()) {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get()
                    .producerEpoch();
        }
    }

    @Test
    void transactionVersionIsFinalizedClusterWideAndUsedByTransactionalProducers() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, Map.of());
             Admin admin = cluster.admin()) {
            // A new cluster records Kafka 4.1's level 2 in its metadata log when it is formed: every broker has it
            // (a broker without the record would fall back to 1, the level of clusters formed before).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int id = 1; id <= 3; id++) {
                    assertThat(cluster.broker(id).components().features().levels().level(TV)).isEqualTo((short) 2);
                }
            });
            admin.updateFeatures(Map.of(TV, new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                    new UpdateFeaturesOptions()).all().get();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(finalizedVia(cluster.bootstrapServers(3))).isEqualTo((short) 1));
            ClusterTopics.create(admin, new NewTopic("tv2-orders", 3, (short) 3));
            assertThat(transactEndingEach(cluster, "tv1-cluster")).as("transaction version 1 keeps the epoch")
                    .isZero();
            try (Admin viaBroker1 = admin(cluster.bootstrapServers(1))) {
                viaBroker1.updateFeatures(Map.of(TV, new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                        new UpdateFeaturesOptions()).all().get();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                for (int id = 1; id <= 3; id++) {
                    assertThat(cluster.broker(id).components().features().levels().level(TV)).isEqualTo((short) 2);
                }
            });
            assertThat(finalizedVia(cluster.bootstrapServers(3))).isEqualTo((short) 2);

            cluster.stop(2);
            cluster.start(2);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    assertThat(finalizedVia(cluster.bootstrapServers(2))).isEqualTo((short) 2));

            assertThat(transactEndingEach(cluster, "tv2-cluster")).as("six EndTxn of transaction version 2")
                    .isEqualTo(6);
        }
    }
}
