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
import java.util.TreeSet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.security.ClientIdPrincipalBuilder;

/**
 * ACLs in cluster mode live in the metadata log (AlterAcls records): an ACL created through one broker is enforced by
 * every broker, and survives a broker's restart. Brokers' replica fetchers (client id {@code replica-N}) are super
 * users through the test principal builder.
 */
class AclClusterIT {
    @TempDir
    Path dir;

    private static Map<String, String> security() {
        return Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:admin;User:replica-1;User:replica-2;User:replica-3",
                "principal.builder.class", ClientIdPrincipalBuilder.class.getName());
    }

    private static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "admin#cluster");
        return Admin.create(props);
    }

    private static KafkaProducer<String, String> producer(String bootstrap, String user) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, user + "#producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(props);
    }

    @Test
    void anAclCreatedThroughOneBrokerIsEnforcedByEveryBrokerAndSurvivesARestart() throws Exception {
        try (InProcessCluster cluster = new InProcessCluster(dir, 3, security());
             Admin admin = admin(cluster.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("payments.card", 3, (short) 3), new NewTopic("orders", 1,
                    (short) 3))).all().get();
            AclBinding aliceWrites = new AclBinding(new ResourcePattern(ResourceType.TOPIC, "payments.",
                    PatternType.PREFIXED), new AccessControlEntry("User:alice", "*", AclOperation.WRITE,
                    AclPermissionType.ALLOW));
            try (Admin viaBroker1 = admin(cluster.bootstrapServers(1))) {
                viaBroker1.createAcls(List.of(aliceWrites)).all().get();
            }
            // the three partitions' leaders are spread over the brokers: each must accept alice's WRITE
            Set<Integer> leaders = new TreeSet<>();
            admin.describeTopics(List.of("payments.card")).allTopicNames().get().get("payments.card").partitions()
                    .forEach(p -> leaders.add(p.leader().id()));
            assertThat(leaders).hasSizeGreaterThan(1);
            try (KafkaProducer<String, String> alice = producer(cluster.bootstrapServers(), "alice")) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (int partition = 0; partition < 3; partition++) {
                        alice.send(new ProducerRecord<>("payments.card", partition, "k", "v")).get();
                    }
                });
                assertThatThrownBy(() -> alice.send(new ProducerRecord<>("orders", "k", "v")).get())
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }

            cluster.stop(2);
            cluster.start(2);
            try (Admin viaBroker2 = admin(cluster.bootstrapServers(2))) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(viaBroker2.describeAcls(AclBindingFilter.ANY).values().get())
                                .contains(aliceWrites));
            }
            try (KafkaProducer<String, String> alice = producer(cluster.bootstrapServers(2), "alice")) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (int partition = 0; partition < 3; partition++) {
                        alice.send(new ProducerRecord<>("payments.card", partition, "k", "v")).get();
                    }
                });
            }
            admin.deleteAcls(List.of(aliceWrites.toFilter())).all().get();
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get()).doesNotContain(aliceWrites);
        }
    }
}
