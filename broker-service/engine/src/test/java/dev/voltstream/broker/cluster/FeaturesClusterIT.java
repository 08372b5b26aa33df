package dev.voltstream.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidUpdateVersionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
    private static final String MV = "voltstream.metadata.version";
    private static final String SUPPORTED_MAX = "voltstream.supported.metadata.version.max";

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
                    assertThat(cluster.broker(id).components().features().levels().level(MV)).isEqualTo((short) 2);
                }
            });
            FeatureMetadata described = admin.describeFeatures().featureMetadata().get();
            assertThat(described.finalizedFeatures().get(MV).maxVersionLevel()).isEqualTo((short) 2);
            assertThat(described.supportedFeatures().get(MV).minVersion()).isEqualTo((short) 1);
            assertThat(described.supportedFeatures().get(MV).maxVersion()).isEqualTo((short) 2);
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

    private static void createAcl(Admin admin) throws Exception {
        admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
                new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW)))).all().get();
    }

    private static void addScramUser(Admin admin) throws Exception {
        admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "alice-secret"))).all().get();
    }

    private static void setQuota(Admin admin) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "alice")),
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))))).all().get();
    }

    private static void raiseLevel(Admin admin) throws Exception {
        admin.updateFeatures(Map.of(MV, new FeatureUpdate((short) 2, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions()).all().get();
    }

    /**
     * A rolling upgrade: a cluster formed by brokers that support only metadata level 1 (what release 0.1.0 reads;
     * {@code voltstream.supported.metadata.version.max=1} plays the older release) refuses CreateAcls,
     * AlterUserScramCredentials and AlterClientQuotas with UNSUPPORTED_VERSION, still creates topics and alters their
     * configs in 0.1.0's records (an authorizer is on, the plaintext clients super users), and refuses to raise the level while any registered broker supports only 1; once
     * every broker was restarted on "this release" the level is raised and those requests work.
     */
    @Test
    void aClusterAtMetadataLevelOneGatesNewerRecordsUntilEveryBrokerSupportsTheRaise() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 2, Map.of(SUPPORTED_MAX, "1",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:ANONYMOUS"))) {
            try (Admin admin = cluster.admin()) {
                FeatureMetadata described = admin.describeFeatures().featureMetadata().get();
                assertThat(described.finalizedFeatures().get(MV).maxVersionLevel()).isEqualTo((short) 1);
                assertThat(described.supportedFeatures().get(MV).maxVersion()).isEqualTo((short) 1);
                for (ThrowingCallable refused : List.<ThrowingCallable>of(() -> createAcl(admin),
                        () -> addScramUser(admin), () -> setQuota(admin))) {
                    assertThatThrownBy(refused).hasCauseInstanceOf(UnsupportedVersionException.class)
                            .hasMessageContaining(MV + " 2 or later, and the cluster is at 1");
                }
                ClusterTopics.create(admin, new NewTopic("orders", 1, (short) 2));
                // several topics in one request: one record per topic at level 1, not a batch
                ClusterTopics.create(admin, new NewTopic("level-1-a", 1, (short) 2),
                        new NewTopic("level-1-b", 2, (short) 2));
                admin.deleteTopics(List.of("level-1-a", "level-1-b")).all().get();
                assertThat(admin.listTopics().names().get()).contains("orders")
                        .doesNotContain("level-1-a", "level-1-b");
                ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
                admin.incrementalAlterConfigs(Map.of(orders, List.of(new AlterConfigOp(
                        new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET)))).all().get();
                assertThat(admin.describeConfigs(List.of(orders)).all().get().get(orders).get("retention.ms")
                        .value()).isEqualTo("60000");
                assertThatThrownBy(() -> raiseLevel(admin)).hasCauseInstanceOf(InvalidUpdateVersionException.class)
                        .hasMessageContaining("only supports versions 1");
            }

            // Broker 1 restarts on the new release: broker 2 (still the old one) keeps the level at 1.
            cluster.stop(1);
            cluster.override(1, Map.of(SUPPORTED_MAX, "2"));
            cluster.start(1);
            try (Admin viaBroker1 = admin(cluster.bootstrapServers(1))) {
                assertThatThrownBy(() -> raiseLevel(viaBroker1))
                        .hasCauseInstanceOf(InvalidUpdateVersionException.class)
                        .hasMessageContaining("only supports versions 1");
            }

            cluster.stop(2);
            cluster.override(2, Map.of(SUPPORTED_MAX, "2"));
            cluster.start(2);
            try (Admin admin = cluster.admin()) {
                raiseLevel(admin);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    for (int id = 1; id <= 2; id++) {
                        assertThat(cluster.broker(id).components().features().levels().level(MV))
                                .isEqualTo((short) 2);
                    }
                });
                createAcl(admin);
                addScramUser(admin);
                setQuota(admin);
                assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).hasSize(1);
                assertThatThrownBy(() -> admin.updateFeatures(Map.of(MV, new FeatureUpdate((short) 1,
                        FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)), new UpdateFeaturesOptions()).all().get())
                        .hasCauseInstanceOf(InvalidUpdateVersionException.class)
                        .hasMessageContaining("Refusing to perform the requested downgrade");
            }
        }
    }
}
