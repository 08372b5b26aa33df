package dev.voltstream.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.metadata.TopicConfigNames;
import dev.voltstream.broker.testkit.RawKafkaClient;
import dev.voltstream.broker.testkit.TestBroker;

/** Topic and broker configs through the stock Admin client: describe, alter, validate-only, restart. */
class AdminConfigsIT {
    private static final ConfigResource BROKER = new ConfigResource(ConfigResource.Type.BROKER, "1");
    private static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");

    @TempDir
    Path dir;
    TestBroker broker;
    Admin admin;

    @BeforeEach
    void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("log.retention.hours", "48"));
        admin = broker.admin();
        admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get();
    }

    @AfterEach
    void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void describeListsEveryTopicConfigWithItsSource() throws Exception {
        Config config = describe(new ConfigResource(ConfigResource.Type.TOPIC, "t"));

        assertThat(config.entries().stream().map(ConfigEntry::name).collect(Collectors.toSet()))
                .isEqualTo(TopicConfigNames.ALL);
        ConfigEntry retention = config.get("retention.ms");
        assertThat(retention.value()).isEqualTo(Long.toString(48L * 3600 * 1000));
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
        assertThat(retention.synonyms()).extracting(ConfigEntry.ConfigSynonym::name)
                .containsExactly("log.retention.hours", "log.retention.hours");
        assertThat(config.get("cleanup.policy").source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("segment.bytes").documentation()).isNotBlank();
    }

    @Test
    void incrementalAlterSetsAndDeletesTopicOverrides() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "t");
        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET));

        ConfigEntry retention = describe(topic).get("retention.ms");
        assertThat(retention.value()).isEqualTo("1000");
        assertThat(retention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(broker.broker().components().replicas().partition(new TopicPartition("t", 1)).orElseThrow()
                .config().retentionMs()).isEqualTo(1000);

        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));
        assertThat(describe(topic).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void aBadTopicConfigValueIsInvalidConfigNamingIt() {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "t");

        assertThatThrownBy(() -> alter(topic,
                new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.ms")
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> alter(topic,
                new AlterConfigOp(new ConfigEntry("retention.msec", "1"), AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retention.msec");
    }

    @Test
    void validateOnlyChangesNothing() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "t");
        admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "5"),
                AlterConfigOp.OpType.SET))), new AlterConfigsOptions().validateOnly(true)).all().get();

        assertThat(describe(topic).get("retention.ms").source())
                .isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void legacyAlterConfigsReplacesTheWholeSet() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "t");
        alter(topic, new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET));
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            AlterConfigsRequestData request = new AlterConfigsRequestData();
            AlterConfigsRequestData.AlterConfigsResource resource = new AlterConfigsRequestData.AlterConfigsResource()
                    .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("t");
            resource.configs().add(new AlterConfigsRequestData.AlterableConfig().setName("segment.bytes")
                    .setValue("100000"));
            request.resources().add(resource);
            AlterConfigsResponseData response = (AlterConfigsResponseData) client.call(ApiKeys.ALTER_CONFIGS,
                    (short) 2, request);
            assertThat(response.responses().get(0).errorCode()).isZero();
        }

        Config config = describe(topic);
        assertThat(config.get("segment.bytes").value()).isEqualTo("100000");
        assertThat(config.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void describingAnUnknownTopicOrAnotherBrokerFails() throws Exception {
        assertThatThrownBy(() -> describe(new ConfigResource(ConfigResource.Type.TOPIC, "nope")))
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        // The Admin client would route broker 7's resource to node 7; ask this broker directly instead.
        try (RawKafkaClient client = new RawKafkaClient(broker.port())) {
            DescribeConfigsRequestData request = new DescribeConfigsRequestData();
            request.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource()
                    .setResourceType(ConfigResource.Type.BROKER.id()).setResourceName("7"));
            DescribeConfigsResponseData response = (DescribeConfigsResponseData) client.call(
                    ApiKeys.DESCRIBE_CONFIGS, (short) 4, request);
            assertThat(response.results().get(0).errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }

    @Test
    void aDynamicBrokerConfigBecomesTheTopicsDefaultAndSurvivesRestart() throws Exception {
        alter(BROKER, new AlterConfigOp(new ConfigEntry("log.retention.ms", "3600000"), AlterConfigOp.OpType.SET));
        alter(CLUSTER_DEFAULT,
                new AlterConfigOp(new ConfigEntry("log.retention.bytes", "123456"), AlterConfigOp.OpType.SET));

        assertBrokerConfigsApplied();
        assertThat(broker.broker().components().replicas().partition(new TopicPartition("t", 0)).orElseThrow()
                .config().retentionMs()).isEqualTo(3_600_000L);

        admin.close();
        broker.restart();
        admin = broker.admin();

        assertBrokerConfigsApplied();
        assertThat(broker.broker().components().replicas().partition(new TopicPartition("t", 0)).orElseThrow()
                .config().retentionBytes()).isEqualTo(123456L);
    }

    private void assertBrokerConfigsApplied() throws Exception {
        ConfigEntry brokerRetention = describe(BROKER).get("log.retention.ms");
        assertThat(brokerRetention.value()).isEqualTo("3600000");
        assertThat(brokerRetention.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(brokerRetention.isReadOnly()).isFalse();
        assertThat(describe(BROKER).get("node.id").isReadOnly()).isTrue();
        assertThat(describe(CLUSTER_DEFAULT).entries()).extracting(ConfigEntry::name)
                .containsExactly("log.retention.bytes");

        Config topic = describe(new ConfigResource(ConfigResource.Type.TOPIC, "t"));
        assertThat(topic.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(topic.get("retention.ms").source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(topic.get("retention.bytes").value()).isEqualTo("123456");
        assertThat(topic.get("retention.bytes").source())
                .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    }

    @Test
    void aStaticBrokerConfigCannotBeChangedAtRuntime() {
        assertThatThrownBy(() -> alter(BROKER,
                new AlterConfigOp(new ConfigEntry("log.dirs", "/elsewhere"), AlterConfigOp.OpType.SET)))
                .hasCauseInstanceOf(InvalidRequestException.class).hasMessageContaining("log.dirs");
    }

    private Config describe(ConfigResource resource) throws Exception {
        return admin.describeConfigs(Set.of(resource), new DescribeConfigsOptions().includeSynonyms(true)
                .includeDocumentation(true)).all().get().get(resource);
    }

    private void alter(ConfigResource resource, AlterConfigOp op) throws Exception {
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
    }
}
