package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.TestBroker;
import dev.voltstream.broker.testkit.TlsMaterial;

/**
 * TLS, SCRAM and ACLs together, as a payments deployment runs them: one broker whose only listener is SASL_SSL with
 * SCRAM-SHA-512, Kafka's StandardAuthorizer settings and {@code super.users=User:admin}. The admin (the bootstrap
 * credential) creates the topics, the {@code fraud} user's credential and its ACLs with the stock Admin client over
 * SASL_SSL; {@code fraud} may read {@code transactions} in group {@code fraud} and write {@code verdicts}, nothing
 * else, and every other request of its is refused with Kafka's error while its allowed clients carry on. A client
 * quota set on the SCRAM user throttles that user alone; ACLs and credentials survive a restart. librdkafka (kcat,
 * confluent-kafka-python; skipped where the tool is not installed) logs in with SCRAM on a second SASL_SSL listener,
 * RDKAFKA, that accepts the SCRAM nonce of librdkafka before 2.6.1 (Debian's 2.0.2), which the first listener
 * refuses as Apache Kafka 4.1 does; it also holds back the answer to a failed login for 1.5 s
 * ({@code connection.failed.authentication.delay.ms}).
 */
class SecureClusterAccessIT {
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String FRAUD_PASSWORD = "fraud-secret";
    static final Path KCAT = Path.of("/usr/bin/kcat");

    @TempDir
    static Path dir;
    static TlsMaterial tls;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsMaterial.create(dir.resolve("tls"));
        Map<String, String> config = new HashMap<>();
        // RDKAFKA: a second SASL_SSL listener that also accepts the SCRAM nonce of librdkafka before 2.6.1
        // REAUTH: sessions of 1 s, so clients re-authenticate (KIP-368) through the authorizer
        config.put("listeners", "SASL_SSL://127.0.0.1:0,RDKAFKA://127.0.0.1:0,REAUTH://127.0.0.1:0");
        config.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,RDKAFKA:SASL_SSL,REAUTH:SASL_SSL");
        config.put("listener.name.reauth.connections.max.reauth.ms", "1000");
        config.put("listener.name.rdkafka.voltstream.scram.accept.legacy.librdkafka.nonce", "true");
        config.put("listener.name.rdkafka.connection.failed.authentication.delay.ms", "1500");
        config.put("num.network.threads", "1");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("ssl.keystore.location", tls.serverKeystore().toString());
        config.put("ssl.keystore.password", TlsMaterial.PASSWORD);
        config.put("voltstream.scram.bootstrap", "SCRAM-SHA-512=[name=admin,password=" + ADMIN_PASSWORD + "]");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("super.users", "User:admin");
        config.put("quota.window.num", "2");
        config.put("quota.window.size.seconds", "1");
        broker = TestBroker.start(dir.resolve("logs"), config);

        try (Admin admin = admin("admin", ADMIN_PASSWORD)) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("fraud",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), FRAUD_PASSWORD))).all()
                    .get(15, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic("transactions", 1, (short) 1),
                    new NewTopic("verdicts", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
            admin.createAcls(List.of(
                    fraudAcl(ResourceType.TOPIC, "transactions", AclOperation.READ),
                    fraudAcl(ResourceType.GROUP, "fraud", AclOperation.READ),
                    fraudAcl(ResourceType.TOPIC, "verdicts", AclOperation.WRITE))).all().get(15, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = broker.producer(client("admin", ADMIN_PASSWORD))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("transactions", "card-" + i, "txn-" + i));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static AclBinding fraudAcl(ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:fraud", "*", operation, AclPermissionType.ALLOW));
    }

    /** A client of the SASL_SSL listener logging in with SCRAM-SHA-512 as {@code user}. */
    static Map<String, Object> client(String user, String password) {
        return client("SASL_SSL", user, password);
    }

    static Map<String, Object> client(String listener, String user, String password) {
        Map<String, Object> props = tls.scramSha512Client(broker.broker().bootstrapServers(listener), user, password);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return props;
    }

    static Admin admin(String user, String password) {
        return admin("SASL_SSL", user, password);
    }

    static Admin admin(String listener, String user, String password) {
        Properties p = new Properties();
        p.putAll(client(listener, user, password));
        p.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }

    static KafkaConsumer<String, String> fraudConsumer(String group) {
        Map<String, Object> props = new HashMap<>(client("fraud", FRAUD_PASSWORD));
        props.remove(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return broker.consumer(props);
    }

    static List<String> pollUntil(KafkaConsumer<String, String> consumer, int expected) {
        List<String> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
            return values.size() >= expected;
        });
        return values;
    }

    @Test
    void fraudReadsTransactionsInItsGroupAndWritesVerdicts() throws Exception {
        try (KafkaConsumer<String, String> consumer = fraudConsumer("fraud")) {
            consumer.subscribe(List.of("transactions"));
            assertThat(pollUntil(consumer, 5)).startsWith("txn-0", "txn-1", "txn-2", "txn-3", "txn-4");
            consumer.commitSync(Duration.ofSeconds(15));
            assertThat(consumer.committed(Set.of(new TopicPartition("transactions", 0)),
                    Duration.ofSeconds(15)).get(new TopicPartition("transactions", 0)).offset()).isEqualTo(5);
        }
        try (KafkaProducer<String, String> producer = broker.producer(client("fraud", FRAUD_PASSWORD))) {
            assertThat(producer.send(new ProducerRecord<>("verdicts", "card-1", "ok")).get(15, TimeUnit.SECONDS)
                    .offset()).isNotNegative();
        }
        try (Admin fraud = admin("fraud", FRAUD_PASSWORD)) {
            // Metadata lists what fraud may describe (READ and WRITE imply DESCRIBE), and nothing else
            assertThat(fraud.listTopics().names().get(15, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrder("transactions", "verdicts");
        }
    }

    @Test
    void everythingElseIsRefusedWithKafkasErrorsWhileTheAllowedClientsCarryOn() throws Exception {
        try (KafkaProducer<String, String> verdicts = broker.producer(client("fraud", FRAUD_PASSWORD));
             Admin fraud = admin("fraud", FRAUD_PASSWORD)) {
            verdicts.send(new ProducerRecord<>("verdicts", "card-2", "ok")).get(15, TimeUnit.SECONDS);

            // produce to transactions: TOPIC_AUTHORIZATION_FAILED, on the same producer that writes verdicts
            assertThatThrownBy(() -> verdicts.send(new ProducerRecord<>("transactions", "k", "forged"))
                    .get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            verdicts.send(new ProducerRecord<>("verdicts", "card-3", "ok")).get(15, TimeUnit.SECONDS);

            // read verdicts: TOPIC_AUTHORIZATION_FAILED
            try (KafkaConsumer<String, String> consumer = fraudConsumer(null)) {
                consumer.assign(List.of(new TopicPartition("verdicts", 0)));
                consumer.seekToBeginning(List.of(new TopicPartition("verdicts", 0)));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(15)))
                        .isInstanceOf(TopicAuthorizationException.class);
            }
            // another group: GROUP_AUTHORIZATION_FAILED
            try (KafkaConsumer<String, String> consumer = fraudConsumer("payments-team")) {
                consumer.subscribe(List.of("transactions"));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(15)))
                        .isInstanceOf(GroupAuthorizationException.class);
            }
            // create and delete topics: TOPIC_AUTHORIZATION_FAILED (Kafka's per-topic answer without CREATE/DELETE)
            assertThatThrownBy(() -> fraud.createTopics(List.of(new NewTopic("fraud-own", 1, (short) 1))).all()
                    .get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> fraud.deleteTopics(List.of("transactions")).all().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            // grant itself more, or list the ACLs: CLUSTER_AUTHORIZATION_FAILED
            assertThatThrownBy(() -> fraud.createAcls(List.of(fraudAcl(ResourceType.TOPIC, "*", AclOperation.ALL)))
                    .all().get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(ClusterAuthorizationException.class);
            assertThatThrownBy(() -> fraud.describeAcls(AclBindingFilter.ANY).values().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
            // read or change SCRAM credentials (the admin's password, say): CLUSTER_AUTHORIZATION_FAILED
            assertThatThrownBy(() -> fraud.describeUserScramCredentials().all().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ClusterAuthorizationException.class);
            assertThatThrownBy(() -> fraud.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                    "admin", new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "owned"))).all()
                    .get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(ClusterAuthorizationException.class);
            // a transactional id without an ACL: TRANSACTIONAL_ID_AUTHORIZATION_FAILED
            Map<String, Object> txProps = new HashMap<>(client("fraud", FRAUD_PASSWORD));
            txProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fraud-tx");
            try (KafkaProducer<String, String> tx = broker.producer(txProps)) {
                assertThatThrownBy(tx::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
            }

            // the allowed producer and fraud's admin connection carried on through all of it
            verdicts.send(new ProducerRecord<>("verdicts", "card-4", "ok")).get(15, TimeUnit.SECONDS);
            assertThat(fraud.listTopics().names().get(15, TimeUnit.SECONDS)).contains("transactions");
        }
        try (Admin admin = admin("admin", ADMIN_PASSWORD)) {
            assertThat(admin.listTopics().names().get(15, TimeUnit.SECONDS))
                    .contains("transactions", "verdicts").doesNotContain("fraud-own");
        }
    }

    @Test
    void aWrongPasswordAndAnUnknownUserFailAuthenticationWhileOthersCarryOn() throws Exception {
        try (KafkaProducer<String, String> verdicts = broker.producer(client("fraud", FRAUD_PASSWORD))) {
            verdicts.send(new ProducerRecord<>("verdicts", "card-5", "ok")).get(15, TimeUnit.SECONDS);
            for (String[] bad : List.of(new String[] {"fraud", "wrong"}, new String[] {"mallory", FRAUD_PASSWORD},
                    new String[] {"admin", FRAUD_PASSWORD})) {
                try (Admin admin = admin(bad[0], bad[1])) {
                    assertThatThrownBy(() -> admin.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                            .as("%s/%s", bad[0], bad[1]).isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(SaslAuthenticationException.class);
                }
            }
            verdicts.send(new ProducerRecord<>("verdicts", "card-6", "ok")).get(15, TimeUnit.SECONDS);
        }
    }

    /** Kafka holds back the answer to a failed authentication for connection.failed.authentication.delay.ms. */
    @Test
    void theAnswerToAFailedLoginIsDelayed() throws Exception {
        long start = System.nanoTime();
        try (Admin good = admin("RDKAFKA", "fraud", FRAUD_PASSWORD)) {
            assertThat(good.listTopics().names().get(15, TimeUnit.SECONDS)).contains("verdicts");
        }
        long succeededMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        start = System.nanoTime();
        try (Admin bad = admin("RDKAFKA", "fraud", "wrong")) {
            assertThatThrownBy(() -> bad.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        long failedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(failedMs).as("a successful login took %d ms", succeededMs).isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void reauthenticationGoesThroughTheAuthorizer() throws Exception {
        try (KafkaProducer<String, String> producer = broker.producer(client("REAUTH", "fraud", FRAUD_PASSWORD))) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
            while (System.nanoTime() < end) {
                producer.send(new ProducerRecord<>("verdicts", "k", "ok")).get(15, TimeUnit.SECONDS);
            }
            assertThat(metric(producer, "successful-reauthentication-total")).isGreaterThan(0);
            assertThat(metric(producer, "failed-reauthentication-total")).isZero();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("transactions", "k", "forged"))
                    .get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aUserQuotaThrottlesTheAuthenticatedUserOnly() throws Exception {
        ClientQuotaEntity fraudUser = new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, "fraud"));
        try (Admin admin = admin("admin", ADMIN_PASSWORD)) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(fraudUser, List.of(
                    new ClientQuotaAlteration.Op("producer_byte_rate", 10_240.0))))).all().get(15, TimeUnit.SECONDS);
        }
        try {
            String value = "x".repeat(2_000);
            try (KafkaProducer<String, String> fraud = broker.producer(client("fraud", FRAUD_PASSWORD));
                 KafkaProducer<String, String> admin = broker.producer(client("admin", ADMIN_PASSWORD))) {
                for (int i = 0; i < 30; i++) {
                    fraud.send(new ProducerRecord<>("verdicts", "k", value)).get(15, TimeUnit.SECONDS);
                    admin.send(new ProducerRecord<>("verdicts", "k", value)).get(15, TimeUnit.SECONDS);
                }
                assertThat(metric(fraud, "produce-throttle-time-max")).isGreaterThan(0);
                assertThat(metric(admin, "produce-throttle-time-max")).isZero();
            }
        } finally {
            try (Admin admin = admin("admin", ADMIN_PASSWORD)) {
                admin.alterClientQuotas(List.of(new ClientQuotaAlteration(fraudUser, List.of(
                        new ClientQuotaAlteration.Op("producer_byte_rate", null))))).all().get(15, TimeUnit.SECONDS);
            }
        }
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).filter(d -> !Double.isNaN(d))
                .sum();
    }

    /** librdkafka's settings for the SASL_SSL listener as {@code user}. */
    static Map<String, String> librdkafka(String user, String password) {
        return Map.of("security.protocol", "SASL_SSL", "sasl.mechanisms", "SCRAM-SHA-512", "sasl.username", user,
                "sasl.password", password, "ssl.ca.location", tls.serverCertificate().toString());
    }

    static Output kcat(String listener, Map<String, String> settings, String stdin, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(KCAT.toString(), "-b",
                broker.broker().bootstrapServers(listener)));
        settings.forEach((k, v) -> command.addAll(List.of("-X", k + "=" + v)));
        command.addAll(List.of(args));
        return Output.of(new ProcessBuilder(command), stdin);
    }

    /** Whether librdkafka {@code version} sends the SCRAM nonce Kafka 4.x refuses (before 2.6.1, librdkafka#4895). */
    static boolean legacyNonce(String version) {
        int[] v = Arrays.stream(version.split("[.-]")).limit(3).mapToInt(Integer::parseInt).toArray();
        return v[0] < 2 || v[0] == 2 && (v[1] < 6 || v[1] == 6 && v[2] < 1);
    }

    @Test
    void kcatProducesAndConsumesOverSaslSslWithScramWithinItsAcls() throws Exception {
        assumeTrue(Files.isExecutable(KCAT), "kcat is not installed (apt-get install -y kcat)");
        Matcher version = Pattern.compile("librdkafka (\\d+\\.\\d+\\.\\d+)").matcher(
                Output.of(new ProcessBuilder(KCAT.toString(), "-V"), "").text());
        assertThat(version.find()).isTrue();
        Map<String, String> admin = librdkafka("admin", ADMIN_PASSWORD);
        if (legacyNonce(version.group(1))) {
            // as Apache Kafka 4.1 does, the SASL_SSL listener refuses this librdkafka's SCRAM final message
            Output refused = kcat("SASL_SSL", admin, "", "-L", "-m", "5");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.text()).contains("invalid credentials with SASL mechanism SCRAM-SHA-512");
        }
        try (Admin a = admin("admin", ADMIN_PASSWORD)) {
            a.createTopics(List.of(new NewTopic("kcat-sasl", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        Output produced = kcat("RDKAFKA", admin, "a\nb\nc\n", "-P", "-t", "kcat-sasl");
        assertThat(produced.exitCode()).as(produced.text()).isZero();
        Output consumed = kcat("RDKAFKA", admin, "", "-C", "-t", "kcat-sasl", "-o", "beginning", "-e", "-q");
        assertThat(consumed.exitCode()).as(consumed.text()).isZero();
        assertThat(consumed.lines()).containsExactly("a", "b", "c");

        Map<String, String> fraud = librdkafka("fraud", FRAUD_PASSWORD);
        Output read = kcat("RDKAFKA", fraud, "", "-C", "-t", "transactions", "-o", "beginning", "-e", "-q");
        assertThat(read.exitCode()).as(read.text()).isZero();
        assertThat(read.lines()).startsWith("txn-0", "txn-1", "txn-2", "txn-3", "txn-4");
        Output forged = kcat("RDKAFKA", fraud, "forged\n", "-P", "-t", "transactions");
        assertThat(forged.text()).contains("Topic authorization failed");
        Output wrong = kcat("RDKAFKA", librdkafka("fraud", "wrong"), "", "-L", "-m", "5");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.text()).contains("invalid credentials with SASL mechanism SCRAM-SHA-512");
    }

    @Test
    void confluentKafkaPythonRoundTripsOverSaslSslWithScram() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        assumeTrue(Output.of(new ProcessBuilder(python.toString(), "-c", "import confluent_kafka"), "").exitCode() == 0,
                "python3-confluent-kafka is not installed (apt-get install -y python3-confluent-kafka)");
        ProcessBuilder builder = new ProcessBuilder(python.toString(), "confluent_round_trip.py")
                .directory(Path.of("src/test/python").toFile());
        builder.environment().putAll(Map.of("BOOTSTRAP", broker.broker().bootstrapServers("RDKAFKA"),
                "TOPIC", "python-sasl",
                "GROUP", "python-sasl-group", "CLIENT_CONFIG", json(librdkafka("admin", ADMIN_PASSWORD))));
        Output result = Output.of(builder, "");
        assertThat(result.exitCode()).as(result.text()).isZero();
        assertThat(result.lines()).as(result.text()).contains("described python-sasl partitions=2", "produced 6",
                "consumed k0=v0 h=h0", "committed 6 over partitions [0, 1]", "deleted python-sasl listed=false");
    }

    private static String json(Map<String, String> settings) {
        StringBuilder out = new StringBuilder("{");
        settings.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return out.append('}').toString();
    }

    /** A finished process: exit code (-1 if it ran over 60 s) and its stdout and stderr together. */
    record Output(int exitCode, String text) {
        static Output of(ProcessBuilder builder, String stdin) throws Exception {
            Process process = builder.redirectErrorStream(true).start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            boolean done = process.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                process.destroyForcibly();
            }
            return new Output(done ? process.exitValue() : -1, text.get(10, TimeUnit.SECONDS));
        }

        List<String> lines() {
            return text.lines().filter(l -> !l.isBlank() && !l.startsWith("%")).toList();
        }
    }

    @Test
    void aclsAndScramCredentialsSurviveARestart() throws Exception {
        broker.restart();

        try (Admin admin = admin("admin", ADMIN_PASSWORD)) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(15, TimeUnit.SECONDS))
                    .contains(fraudAcl(ResourceType.TOPIC, "transactions", AclOperation.READ),
                            fraudAcl(ResourceType.GROUP, "fraud", AclOperation.READ),
                            fraudAcl(ResourceType.TOPIC, "verdicts", AclOperation.WRITE));
        }
        try (KafkaProducer<String, String> producer = broker.producer(client("fraud", FRAUD_PASSWORD))) {
            producer.send(new ProducerRecord<>("verdicts", "card-7", "ok")).get(15, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("transactions", "k", "forged"))
                    .get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = fraudConsumer(null)) {
            consumer.assign(List.of(new TopicPartition("transactions", 0)));
            consumer.seekToBeginning(List.of(new TopicPartition("transactions", 0)));
            assertThat(pollUntil(consumer, 5)).contains("txn-0", "txn-4");
        }
        try (Admin wrong = admin("fraud", "wrong")) {
            assertThatThrownBy(() -> wrong.describeCluster().nodes().get(15, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
