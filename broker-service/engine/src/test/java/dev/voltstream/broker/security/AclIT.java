package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.tools.AclCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.TestBroker;

/**
 * ACLs end to end with kafka-clients 4.1.2: one broker with Kafka's StandardAuthorizer settings and a test principal
 * builder that makes client id {@code alice#...} the user {@code User:alice}; {@code User:admin} is the super user.
 */
class AclIT {
    @TempDir
    static Path dir;
    static TestBroker broker;
    static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"), Map.of(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:admin",
                "principal.builder.class", ClientIdPrincipalBuilder.class.getName(),
                "voltstream.audit.log.file", dir.resolve("logs/audit.log").toString()));
        admin = admin("admin");
        admin.createTopics(List.of(new NewTopic("payments.card", 1, (short) 1), new NewTopic("orders", 1, (short) 1),
                new NewTopic("audit", 1, (short) 1))).all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    static Admin admin(String user) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, user + "#admin");
        return Admin.create(props);
    }

    static KafkaProducer<String, String> producer(String user, Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(extra);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, user + "#producer");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return broker.producer(props);
    }

    static KafkaConsumer<String, String> consumer(String user, String group) {
        return broker.consumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, user + "#consumer",
                ConsumerConfig.GROUP_ID_CONFIG, group));
    }

    static AclBinding acl(ResourceType type, String name, PatternType pattern, String user, AclOperation op,
                          AclPermissionType permission) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", op, permission));
    }

    static void allow(AclBinding... acls) throws Exception {
        admin.createAcls(List.of(acls)).all().get();
    }

    @Test
    void aUserAllowedToWriteAPrefixProducesThereAndNowhereElse() throws Exception {
        allow(acl(ResourceType.TOPIC, "payments.", PatternType.PREFIXED, "alice", AclOperation.WRITE,
                AclPermissionType.ALLOW));
        try (KafkaProducer<String, String> producer = producer("alice", Map.of())) {
            assertThat(producer.send(new ProducerRecord<>("payments.card", "k", "v")).get().offset()).isNotNegative();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "k", "v")).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        // the denial (the producer's Metadata request for 'orders') is in the audit log file, one JSON line; grants
        // are not written by default, nor the silent first try of CREATE on the cluster, nor CREATE on a topic that
        // exists (as in Kafka: only a topic that does not exist is a candidate for auto-creation), nor the idempotent
        // producer's silent IDEMPOTENT_WRITE check (WRITE on a topic suffices)
        assertThat(Files.readAllLines(dir.resolve("logs/audit.log")))
                .anySatisfy(line -> assertThat(line).contains("\"source\":\"kafka\",\"principal\":\"User:alice\"",
                        "\"operation\":\"DESCRIBE\",\"resourceType\":\"TOPIC\",\"resourceName\":\"orders\","
                                + "\"decision\":\"DENIED\""))
                .noneSatisfy(line -> assertThat(line).contains("\"decision\":\"ALLOWED\""))
                .noneSatisfy(line -> assertThat(line).contains("\"operation\":\"CREATE\",\"resourceType\":\"CLUSTER\""))
                .noneSatisfy(line -> assertThat(line).contains("\"operation\":\"CREATE\",\"resourceType\":\"TOPIC\","
                        + "\"resourceName\":\"payments.card\""))
                .noneSatisfy(line -> assertThat(line).contains("\"operation\":\"IDEMPOTENT_WRITE\""));
    }

    @Test
    void aConsumerWithoutGroupReadGetsGroupAuthorizationException() throws Exception {
        allow(acl(ResourceType.TOPIC, "orders", PatternType.LITERAL, "bob", AclOperation.READ,
                AclPermissionType.ALLOW));
        try (KafkaConsumer<String, String> consumer = consumer("bob", "bobs-group")) {
            consumer.subscribe(List.of("orders"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aConsumerWithTopicAndGroupReadConsumesAndCommits() throws Exception {
        try (KafkaProducer<String, String> producer = producer("admin", Map.of())) {
            producer.send(new ProducerRecord<>("audit", "k", "entry")).get();
        }
        allow(acl(ResourceType.TOPIC, "audit", PatternType.LITERAL, "erin", AclOperation.READ,
                AclPermissionType.ALLOW),
                acl(ResourceType.GROUP, "erin-", PatternType.PREFIXED, "erin", AclOperation.READ,
                        AclPermissionType.ALLOW));
        try (KafkaConsumer<String, String> consumer = consumer("erin", "erin-group")) {
            consumer.subscribe(List.of("audit"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records.count()).isEqualTo(1);
            consumer.commitSync();
        }
    }

    @Test
    void metadataHidesTopicsThePrincipalMayNotDescribe() throws Exception {
        allow(acl(ResourceType.TOPIC, "payments.card", PatternType.LITERAL, "carol", AclOperation.DESCRIBE,
                AclPermissionType.ALLOW));
        try (Admin carol = admin("carol")) {
            assertThat(carol.listTopics().names().get()).containsExactly("payments.card");
            assertThatThrownBy(() -> carol.describeTopics(List.of("orders")).allTopicNames().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> carol.createTopics(List.of(new NewTopic("carols", 1, (short) 1))).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> carol.deleteTopics(List.of("payments.card")).all().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(admin.listTopics().names().get()).contains("payments.card", "orders", "audit");
    }

    @Test
    void theSuperUserDoesEverythingWithoutAnyAcl() throws Exception {
        admin.createTopics(List.of(new NewTopic("admins-own", 1, (short) 1))).all().get();
        try (KafkaProducer<String, String> producer = producer("admin", Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "admin-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("admins-own", "k", "v"));
            producer.commitTransaction();
        }
        admin.deleteTopics(List.of("admins-own")).all().get();
        admin.describeAcls(AclBindingFilter.ANY).values().get();
    }

    @Test
    void aTransactionalIdWithoutWriteIsRefused() throws Exception {
        allow(acl(ResourceType.TOPIC, "orders", PatternType.LITERAL, "frank", AclOperation.WRITE,
                AclPermissionType.ALLOW));
        try (KafkaProducer<String, String> producer = producer("frank", Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "franks-tx"))) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void denyBeatsAllow() throws Exception {
        allow(acl(ResourceType.TOPIC, "*", PatternType.LITERAL, "dave", AclOperation.ALL, AclPermissionType.ALLOW),
                acl(ResourceType.TOPIC, "orders", PatternType.LITERAL, "dave", AclOperation.WRITE,
                        AclPermissionType.DENY));
        try (KafkaProducer<String, String> producer = producer("dave", Map.of())) {
            producer.send(new ProducerRecord<>("payments.card", "k", "v")).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "k", "v")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void kafkaAclsToolAddsListsAndRemovesAndTheAclsSurviveARestart() throws Exception {
        Path config = Files.writeString(dir.resolve("admin.properties"), "client.id=admin#acls\n");
        String bootstrap = broker.bootstrapServers();
        KafkaTool.Result add = KafkaTool.run(AclCommand::main, "--bootstrap-server", bootstrap, "--command-config",
                config.toString(), "--add", "--allow-principal", "User:grace", "--operation", "Read",
                "--topic", "ledger.", "--resource-pattern-type", "prefixed");
        assertThat(add.exitCode()).as(add.stderr()).isZero();
        KafkaTool.Result list = KafkaTool.run(AclCommand::main, "--bootstrap-server", bootstrap, "--command-config",
                config.toString(), "--list", "--principal", "User:grace");
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("name=ledger.", "patternType=PREFIXED", "principal=User:grace",
                "operation=READ", "permissionType=ALLOW");

        broker.restart();
        admin.close();
        admin = admin("admin");
        AclBindingFilter grace = new AclBindingFilter(
                new org.apache.kafka.common.resource.ResourcePatternFilter(ResourceType.ANY, null, PatternType.ANY),
                new org.apache.kafka.common.acl.AccessControlEntryFilter("User:grace", null, AclOperation.ANY,
                        AclPermissionType.ANY));
        assertThat(admin.describeAcls(grace).values().get()).containsExactly(acl(ResourceType.TOPIC, "ledger.",
                PatternType.PREFIXED, "grace", AclOperation.READ, AclPermissionType.ALLOW));
        // and still enforced: alice's prefix ACL from before the restart (if that test ran) or a fresh one
        allow(acl(ResourceType.TOPIC, "payments.", PatternType.PREFIXED, "henry", AclOperation.WRITE,
                AclPermissionType.ALLOW));
        broker.restart();
        admin.close();
        admin = admin("admin");
        try (KafkaProducer<String, String> producer = producer("henry", Map.of())) {
            producer.send(new ProducerRecord<>("payments.card", "k", "v")).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", "k", "v")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }

        Path removeConfig = config;
        KafkaTool.Result remove = KafkaTool.run(AclCommand::main, "--bootstrap-server", broker.bootstrapServers(),
                "--command-config", removeConfig.toString(), "--remove", "--force", "--allow-principal",
                "User:grace", "--operation", "Read", "--topic", "ledger.", "--resource-pattern-type", "prefixed");
        assertThat(remove.exitCode()).as(remove.stderr()).isZero();
        assertThat(admin.describeAcls(grace).values().get()).isEmpty();
    }

    @Test
    void onlyTheClusterAlterPrincipalMayChangeAcls() {
        try (Admin bob = admin("mallory")) {
            assertThatThrownBy(() -> bob.createAcls(List.of(acl(ResourceType.TOPIC, "*", PatternType.LITERAL,
                    "mallory", AclOperation.ALL, AclPermissionType.ALLOW))).all().get())
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.ClusterAuthorizationException.class);
        }
    }

    @Test
    void withoutAnAuthorizerTheAclApisAnswerSecurityDisabled(@TempDir Path other) throws Exception {
        try (TestBroker plain = TestBroker.start(other); Admin client = plain.admin()) {
            assertThatThrownBy(() -> client.describeAcls(AclBindingFilter.ANY).values().get())
                    .hasCauseInstanceOf(SecurityDisabledException.class);
            assertThat(client.listTopics().names().get()).isEqualTo(Set.of());
        }
    }
}
