package dev.voltstream.broker.security;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.internal.replication.LeaderConnection;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.testkit.TestBroker;
import dev.voltstream.broker.testkit.TlsMaterial;

/**
 * SASL_PLAINTEXT and SASL_SSL listeners with PLAIN (users from the JAAS config) and SCRAM-SHA-256/512 (credentials
 * created by the bootstrap config and by AlterUserScramCredentials), through Kafka's Java client: produce and consume
 * after login, failed logins refused with SASL_AUTHENTICATION_FAILED, requests before authentication closing the
 * connection, credentials kept across a restart, and re-authentication (KIP-368) keeping a producer going; and the
 * client side brokers use to reach each other in a cluster (TLS, SASL login and re-authentication).
 */
class SaslListenersIT {
    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_bob=\"bob-secret\";";

    @TempDir
    static Path dir;
    static TlsMaterial tls;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsMaterial.create(dir.resolve("tls"));
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,SASL_SSL://127.0.0.1:0");
        config.put("num.network.threads", "1");
        config.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        config.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS);
        config.put("listener.name.sasl_ssl.plain.sasl.jaas.config", JAAS);
        config.put("listener.name.sasl_plaintext.connections.max.reauth.ms", "1500");
        config.put("ssl.keystore.location", tls.serverKeystore().toString());
        config.put("ssl.keystore.password", TlsMaterial.PASSWORD);
        config.put("voltstream.scram.bootstrap", "SCRAM-SHA-512=[name=admin,password=admin-secret]");
        broker = TestBroker.start(dir.resolve("logs"), config);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, Object> client(String listener, String mechanism, String user, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.broker().bootstrapServers(listener));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, listener);
        props.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\""
                + password + "\";");
        if (listener.equals("SASL_SSL")) {
            props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.clientTruststore().toString());
            props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TlsMaterial.PASSWORD);
        }
        return props;
    }

    static Admin admin(Map<String, Object> props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }

    static void roundTrip(Map<String, Object> props, String topic) throws Exception {
        try (Admin admin = admin(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = new HashMap<>(props);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = broker.producer(producerProps)) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
        assertThat(consume(props, topic, 50)).hasSize(50).startsWith("v0").endsWith("v49");
    }

    static List<String> consume(Map<String, Object> props, String topic, int expected) {
        return consumeWith(broker, props, topic, expected);
    }

    /** Reads partition 0 of {@code topic} from the start until {@code expected} values came (or 20 s passed). */
    static List<String> consumeWith(TestBroker broker, Map<String, Object> props, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(props)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    @Test
    void plainOverSaslPlaintextAndScramOverSaslSsl() throws Exception {
        roundTrip(client("SASL_PLAINTEXT", "PLAIN", "bob", "bob-secret"), "sasl-plain");
        roundTrip(client("SASL_SSL", "SCRAM-SHA-512", "admin", "admin-secret"), "sasl-scram");
        roundTrip(client("SASL_SSL", "PLAIN", "admin", "admin-secret"), "sasl-ssl-plain");
    }

    @Test
    void wrongPasswordsAndUnknownUsersAreRefused() {
        for (Map<String, Object> bad : List.of(client("SASL_PLAINTEXT", "PLAIN", "bob", "wrong"),
                client("SASL_PLAINTEXT", "PLAIN", "mallory", "bob-secret"),
                client("SASL_SSL", "SCRAM-SHA-512", "admin", "wrong"),
                client("SASL_PLAINTEXT", "SCRAM-SHA-256", "nobody", "x"))) {
            try (Admin admin = admin(bad)) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                        .as("%s as %s", bad.get(SaslConfigs.SASL_MECHANISM), bad.get(SaslConfigs.SASL_JAAS_CONFIG))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void aRequestBeforeAuthenticationClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.broker().server("SASL_PLAINTEXT").port())) {
            socket.setSoTimeout(10_000);
            // Metadata v0 (api key 3), correlation id 1, client id "t", all topics
            byte[] body = {0, 3, 0, 0, 0, 0, 0, 1, 0, 1, 't', 0, 0, 0, 0};
            byte[] frame = new byte[4 + body.length];
            frame[3] = (byte) body.length;
            System.arraycopy(body, 0, frame, 4, body.length);
            socket.getOutputStream().write(frame);
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aLargeFrameBeforeAuthenticationIsRefusedBeforeItIsBuffered() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.broker().server("SASL_PLAINTEXT").port())) {
            socket.setSoTimeout(10_000);
            // the size of a 1 MB Produce frame, then its API key; nothing else is ever sent
            socket.getOutputStream().write(new byte[] {0, 0x0F, 0x42, 0x40, 0, 0});
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        // an authenticated client may still send large batches
        Map<String, Object> props = new HashMap<>(client("SASL_PLAINTEXT", "PLAIN", "bob", "bob-secret"));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1_500_000);
        try (Admin admin = admin(props)) {
            admin.createTopics(List.of(new NewTopic("sasl-large", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = broker.producer(props)) {
            producer.send(new ProducerRecord<>("sasl-large", "k", "x".repeat(900_000))).get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void scramCredentialsAreManagedThroughTheAdminApiAndSurviveARestart() throws Exception {
        Map<String, Object> admin = client("SASL_SSL", "SCRAM-SHA-512", "admin", "admin-secret");
        try (Admin a = admin(admin)) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("alice",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192), "alice-secret"))).all()
                    .get(15, TimeUnit.SECONDS);
            Map<String, UserScramCredentialsDescription> described = a.describeUserScramCredentials(List.of("alice"))
                    .all().get(15, TimeUnit.SECONDS);
            assertThat(described.get("alice").credentialInfos()).extracting(ScramCredentialInfo::mechanism,
                    ScramCredentialInfo::iterations).containsExactly(org.assertj.core.groups.Tuple.tuple(
                    ScramMechanism.SCRAM_SHA_256, 8192));
            assertThat(a.describeUserScramCredentials().all().get(15, TimeUnit.SECONDS)).containsKeys("admin",
                    "alice");
            assertThatThrownBy(() -> a.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("weak",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 100), "x"))).all()
                    .get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(UnacceptableCredentialException.class);
            assertThatThrownBy(() -> a.describeUserScramCredentials(List.of("nobody")).description("nobody")
                    .get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(ResourceNotFoundException.class);
        }
        try (Admin alice = admin(client("SASL_PLAINTEXT", "SCRAM-SHA-256", "alice", "alice-secret"))) {
            assertThat(alice.describeCluster().nodes().get(15, TimeUnit.SECONDS)).hasSize(1);
        }

        broker.restart();

        try (Admin alice = admin(client("SASL_PLAINTEXT", "SCRAM-SHA-256", "alice", "alice-secret"))) {
            assertThat(alice.describeCluster().nodes().get(15, TimeUnit.SECONDS)).hasSize(1);
        }
        try (Admin a = admin(client("SASL_SSL", "SCRAM-SHA-512", "admin", "admin-secret"))) {
            a.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("alice",
                    ScramMechanism.SCRAM_SHA_256))).all().get(15, TimeUnit.SECONDS);
        }
        try (Admin alice = admin(client("SASL_PLAINTEXT", "SCRAM-SHA-256", "alice", "alice-secret"))) {
            assertThatThrownBy(() -> alice.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void reauthenticationKeepsALongLivedProducerGoing() throws Exception {
        Map<String, Object> props = client("SASL_PLAINTEXT", "SCRAM-SHA-512", "admin", "admin-secret");
        try (Admin admin = admin(props)) {
            admin.createTopics(List.of(new NewTopic("reauth", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = new HashMap<>(props);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4_000);
        int sent = 0;
        try (KafkaProducer<String, String> producer = broker.producer(producerProps)) {
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>("reauth", "k", "v" + sent)).get(10, TimeUnit.SECONDS);
                sent++;
            }
            assertThat(metric(producer, "successful-reauthentication-total")).isGreaterThan(0);
            assertThat(metric(producer, "failed-reauthentication-total")).isZero();
        }
        assertThat(consume(props, "reauth", sent)).hasSize(sent);
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
    /**
     * How a follower logs in to its leader ({@link InterBrokerSecurity}, {@link LeaderConnection}): with the PLAIN
     * credentials of its listener's JAAS entry over SASL_PLAINTEXT, whose sessions last 1.5 s, it keeps fetching
     * metadata for more than two sessions because it re-authenticates in time (the listener closes a connection on
     * its first request after the session ends); with SCRAM-SHA-512 over SASL_SSL it checks the broker's certificate
     * against its trust store; a wrong password is the leader's SaslAuthenticationException.
     */
    @Test
    void aBrokerLogsInToAnotherWithItsListenerCredentialsAndReauthenticatesInTime() throws Exception {
        Map<String, String> follower = new HashMap<>();
        follower.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
        follower.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", JAAS);
        follower.put("listener.name.sasl_ssl.plain.sasl.jaas.config", JAAS);
        follower.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" "
                        + "password=\"admin-secret\";");
        follower.put("ssl.truststore.location", tls.clientTruststore().toString());
        follower.put("ssl.truststore.password", TlsMaterial.PASSWORD);

        follower.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        try (LeaderConnection leader = connect("SASL_PLAINTEXT", follower)) {
            // calls at a follower's pace keep succeeding while two 1.5 s sessions run out
            AtomicInteger calls = new AtomicInteger();
            await().during(Duration.ofMillis(3_500)).atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        MetadataResponseData metadata = (MetadataResponseData) leader.call(ApiKeys.METADATA,
                                (short) 12, new MetadataRequestData().setTopics(List.of()));
                        calls.incrementAndGet();
                        return !metadata.brokers().isEmpty();
                    });
            assertThat(calls.get()).isGreaterThan(20);
        }

        follower.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        try (LeaderConnection leader = connect("SASL_SSL", follower)) {
            assertThat(((MetadataResponseData) leader.call(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of()))).brokers()).isNotEmpty();
        }
        follower.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" "
                        + "password=\"wrong\";");
        assertThatThrownBy(() -> connect("SASL_SSL", follower).close())
                .isInstanceOf(SaslAuthenticationException.class);
    }

    private static LeaderConnection connect(String listener, Map<String, String> follower) throws Exception {
        Map<String, String> config = new HashMap<>(follower);
        config.put("listeners", listener + "://127.0.0.1:0");
        String address = broker.broker().bootstrapServers(listener);
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return new LeaderConnection("127.0.0.1", port, 5_000, "replica-9",
                InterBrokerSecurity.from(new BrokerConfig(config), listener));
    }
}
