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
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TlsMaterial;

/**
 * A cluster whose only broker listener is SASL_SSL with SCRAM-SHA-512 (the test cluster's listener is named PLAINTEXT;
 * {@code listener.security.protocol.map} makes it speak SASL_SSL), under Kafka's StandardAuthorizer with
 * {@code super.users=User:admin}: the brokers replicate to each other over TLS, logging in as {@code admin}
 * ({@code sasl.mechanism.inter.broker.protocol}, the listener's JAAS entry), whose credential is the bootstrap one
 * ({@code voltstream.scram.bootstrap}) every broker proposes to the metadata log. A credential created through broker
 * 1 logs in on brokers 2 and 3, is listed by broker 3, and once deleted through broker 2 no longer logs in anywhere;
 * a client quota set through broker 1 is listed by broker 2 and throttles its user on the other brokers; credentials
 * and quotas survive a broker's restart. The metadata quorum runs over mutual TLS ({@code CONTROLLER:SSL},
 * {@code ssl.client.auth=required}).
 */
class SecureClusterIT {
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String FRAUD_PASSWORD = "fraud-secret";

    @TempDir
    Path dir;
    private TlsMaterial tls;

    private Map<String, String> security() throws Exception {
        tls = TlsMaterial.create(dir.resolve("tls"));
        Map<String, String> config = new HashMap<>();
        config.put("listener.security.protocol.map", "PLAINTEXT:SASL_SSL,CONTROLLER:SSL");
        // the metadata quorum: TLS, and only brokers with a trusted certificate take part
        config.put("listener.name.controller.ssl.client.auth", "required");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        config.put("listener.name.plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\""
                        + ADMIN_PASSWORD + "\";");
        config.put("ssl.keystore.location", tls.serverKeystore().toString());
        config.put("ssl.keystore.password", TlsMaterial.PASSWORD);
        // the brokers check each other's certificate (host name included) against this trust store
        config.put("ssl.truststore.location", tls.clientTruststore().toString());
        config.put("ssl.truststore.password", TlsMaterial.PASSWORD);
        config.put("voltstream.scram.bootstrap", "SCRAM-SHA-512=[name=admin,password=" + ADMIN_PASSWORD + "]");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:admin");
        config.put("quota.window.num", "2");
        config.put("quota.window.size.seconds", "1");
        return config;
    }

    private Map<String, Object> client(InProcessCluster cluster, int broker, String user, String password) {
        return tls.scramSha512Client(cluster.bootstrapServers(broker), user, password);
    }

    private Admin admin(InProcessCluster cluster, int broker, String user, String password) {
        Properties props = new Properties();
        props.putAll(client(cluster, broker, user, password));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(props);
    }

    private KafkaProducer<String, String> producer(InProcessCluster cluster, int broker, String user,
                                                   String password) {
        Map<String, Object> props = client(cluster, broker, user, password);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return new KafkaProducer<>(props);
    }

    /** Whether {@code user} logs in on {@code broker} (a Metadata request needs no ACL). */
    private void logsIn(InProcessCluster cluster, int broker, String user, String password) throws Exception {
        try (Admin admin = admin(cluster, broker, user, password)) {
            admin.listTopics().names().get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSaslSslClusterReplicatesAndSharesCredentialsAndQuotasThroughItsMetadataLog() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, security())) {
            try (Admin admin = admin(cluster, 1, "admin", ADMIN_PASSWORD)) {
                admin.createTopics(List.of(new NewTopic("payments", 3, (short) 3))).all().get(15, TimeUnit.SECONDS);
                admin.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, "payments",
                        PatternType.LITERAL), new AccessControlEntry("User:fraud", "*", AclOperation.WRITE,
                        AclPermissionType.ALLOW)))).all().get(15, TimeUnit.SECONDS);
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("fraud",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), FRAUD_PASSWORD))).all()
                        .get(15, TimeUnit.SECONDS);
                admin.alterClientQuotas(List.of(new ClientQuotaAlteration(fraudUser(), List.of(
                        new ClientQuotaAlteration.Op("producer_byte_rate", 10_240.0))))).all()
                        .get(15, TimeUnit.SECONDS);
            }
            // replication over SASL_SSL: every broker holds every partition's records
            try (KafkaProducer<String, String> producer = producer(cluster, 1, "admin", ADMIN_PASSWORD)) {
                for (int i = 0; i < 30; i++) {
                    producer.send(new ProducerRecord<>("payments", i % 3, "k" + i, "v" + i)).get(15, TimeUnit.SECONDS);
                }
            }
            try (Admin admin = admin(cluster, 2, "admin", ADMIN_PASSWORD)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    Map<Integer, Map<String, org.apache.kafka.clients.admin.LogDirDescription>> dirs =
                            admin.describeLogDirs(List.of(1, 2, 3)).allDescriptions().get(15, TimeUnit.SECONDS);
                    for (int broker = 1; broker <= 3; broker++) {
                        for (int partition = 0; partition < 3; partition++) {
                            TopicPartition tp = new TopicPartition("payments", partition);
                            long size = dirs.get(broker).values().stream()
                                    .filter(d -> d.replicaInfos().containsKey(tp))
                                    .mapToLong(d -> d.replicaInfos().get(tp).size()).sum();
                            assertThat(size).as("broker %d's replica of %s", broker, tp).isPositive();
                        }
                    }
                    TopicDescription payments = admin.describeTopics(List.of("payments")).allTopicNames()
                            .get(15, TimeUnit.SECONDS).get("payments");
                    payments.partitions().forEach(p -> assertThat(p.isr()).hasSize(3));
                });
            }

            // the credential created through broker 1 logs in everywhere, and broker 3 lists it
            logsIn(cluster, 2, "fraud", FRAUD_PASSWORD);
            logsIn(cluster, 3, "fraud", FRAUD_PASSWORD);
            assertThatThrownBy(() -> logsIn(cluster, 3, "fraud", "wrong"))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
            try (Admin admin = admin(cluster, 3, "admin", ADMIN_PASSWORD)) {
                Map<String, UserScramCredentialsDescription> users = admin.describeUserScramCredentials().all()
                        .get(15, TimeUnit.SECONDS);
                assertThat(users).containsOnlyKeys("admin", "fraud");
                assertThat(users.get("fraud").credentialInfos()).extracting(ScramCredentialInfo::mechanism,
                        ScramCredentialInfo::iterations).containsExactly(
                                org.assertj.core.groups.Tuple.tuple(ScramMechanism.SCRAM_SHA_512, 4096));
            }

            // the quota set through broker 1: broker 2 lists it, and the brokers leading the other partitions
            // throttle fraud
            try (Admin admin = admin(cluster, 2, "admin", ADMIN_PASSWORD)) {
                assertThat(admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(15, TimeUnit.SECONDS))
                        .containsExactly(Map.entry(fraudUser(), Map.of("producer_byte_rate", 10_240.0)));
            }
            assertThrottledOnEveryLeader(cluster, 3);

            cluster.stop(2);
            cluster.start(2);
            try (Admin admin = admin(cluster, 2, "admin", ADMIN_PASSWORD)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(admin.describeUserScramCredentials().all().get(15, TimeUnit.SECONDS))
                            .containsOnlyKeys("admin", "fraud");
                    assertThat(admin.describeClientQuotas(ClientQuotaFilter.all()).entities()
                            .get(15, TimeUnit.SECONDS)).containsOnlyKeys(fraudUser());
                });
                admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("fraud",
                        ScramMechanism.SCRAM_SHA_512))).all().get(15, TimeUnit.SECONDS);
            }
            for (int broker = 1; broker <= 3; broker++) {
                int b = broker;
                assertThatThrownBy(() -> logsIn(cluster, b, "fraud", FRAUD_PASSWORD))
                        .hasRootCauseInstanceOf(SaslAuthenticationException.class);
            }
            assertRaftPortSpeaksMutualTls(cluster, 3);

            // the restarted broker follows again over SASL_SSL
            try (Admin admin = admin(cluster, 1, "admin", ADMIN_PASSWORD)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin.describeTopics(List.of("payments"))
                        .allTopicNames().get(15, TimeUnit.SECONDS).get("payments").partitions()
                        .forEach(p -> assertThat(p.isr()).hasSize(3)));
            }
        }
    }

    /**
     * The metadata quorum's port ({@code CONTROLLER:SSL}, {@code ssl.client.auth=required}) completes a TLS handshake
     * with a trusted certificate, and refuses a client that shows none.
     */
    private void assertRaftPortSpeaksMutualTls(InProcessCluster cluster, int id) throws Exception {
        String listeners = cluster.properties(id).get("listeners");
        int port = Integer.parseInt(listeners.substring(listeners.lastIndexOf(':') + 1));
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore(tls.clientTruststore()));
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(tls.serverKeystore()), TlsMaterial.PASSWORD.toCharArray());
        javax.net.ssl.SSLContext withCertificate = javax.net.ssl.SSLContext.getInstance("TLSv1.2");
        withCertificate.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) withCertificate.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        javax.net.ssl.SSLContext without = javax.net.ssl.SSLContext.getInstance("TLSv1.2");
        without.init(null, trust.getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) without.getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            assertThatThrownBy(socket::startHandshake).isInstanceOf(java.io.IOException.class);
        }
    }

    private static java.security.KeyStore keyStore(Path file) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            store.load(in, TlsMaterial.PASSWORD.toCharArray());
        }
        return store;
    }

    private static ClientQuotaEntity fraudUser() {
        return new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "fraud"));
    }

    /**
     * fraud's producer is throttled by the leader of each partition (a new producer per partition, bootstrapped from
     * {@code bootstrap}): each broker meters the user's bytes against the quota it got from the metadata log.
     */
    private void assertThrottledOnEveryLeader(InProcessCluster cluster, int bootstrap) throws Exception {
        String value = "x".repeat(2_000);
        Set<Integer> leaders = new java.util.TreeSet<>();
        try (Admin admin = admin(cluster, bootstrap, "admin", ADMIN_PASSWORD)) {
            admin.describeTopics(List.of("payments")).allTopicNames().get(15, TimeUnit.SECONDS).get("payments")
                    .partitions().forEach(p -> leaders.add(p.leader().id()));
        }
        assertThat(leaders).hasSizeGreaterThan(1);
        for (int partition = 0; partition < 3; partition++) {
            try (KafkaProducer<String, String> fraud = producer(cluster, bootstrap, "fraud", FRAUD_PASSWORD)) {
                for (int i = 0; i < 60 && throttleTimeMax(fraud) == 0; i++) {
                    fraud.send(new ProducerRecord<>("payments", partition, "k", value)).get(15, TimeUnit.SECONDS);
                }
                assertThat(throttleTimeMax(fraud)).as("throttled producing to partition %d", partition)
                        .isPositive();
            }
        }
    }

    private static double throttleTimeMax(KafkaProducer<?, ?> producer) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("produce-throttle-time-max")
                        && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).filter(d -> !Double.isNaN(d))
                .sum();
    }
}
