package dev.voltstream.broker.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.kafka.tools.BrokerApiVersionsCommand;
import org.apache.kafka.tools.TopicCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.testkit.KafkaTool;
import dev.voltstream.broker.testkit.TestBroker;
import kafka.admin.ConfigCommand;

/**
 * The lab's command-line walkthrough, run through Apache Kafka 4.1's own tool classes against the broker: creating
 * topics, describing one, changing a topic config and listing the broker's API versions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliLabIT {
    @TempDir
    static Path logDir;
    private TestBroker broker;
    private String bootstrap;

    @BeforeAll
    void start() {
        broker = TestBroker.start(logDir);
        bootstrap = broker.bootstrapServers();
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    @Test
    @Order(1)
    void kafkaTopicsCreatesATopicWithBrokerDefaults() {
        KafkaTool.Result result = KafkaTool.run(TopicCommand::main,
                "--create", "--topic", "my-topic", "--bootstrap-server", bootstrap);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Created topic my-topic.");
    }

    @Test
    @Order(2)
    void kafkaTopicsCreatesATopicWithThreePartitions() {
        KafkaTool.Result result = KafkaTool.run(TopicCommand::main, "--create", "--topic", "my-topic-3",
                "--partitions", "3", "--replication-factor", "1", "--bootstrap-server", bootstrap);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Created topic my-topic-3.");
    }

    @Test
    @Order(3)
    void kafkaTopicsDescribesTheTopicsPartitions() {
        KafkaTool.Result result = KafkaTool.run(TopicCommand::main,
                "--describe", "--topic", "my-topic-3", "--bootstrap-server", bootstrap);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Topic: my-topic-3", "PartitionCount: 3", "ReplicationFactor: 1");
        for (int p = 0; p < 3; p++) {
            assertThat(result.stdout()).containsPattern(
                    "Topic: my-topic-3\\s+Partition: " + p + "\\s+Leader: 1\\s+Replicas: 1\\s+Isr: 1");
        }
    }

    @Test
    @Order(4)
    void kafkaConfigsAltersATopicConfigAndDescribesIt() {
        KafkaTool.Result alter = KafkaTool.run(ConfigCommand::main, "--bootstrap-server", bootstrap,
                "--entity-type", "topics", "--entity-name", "my-topic", "--alter", "--add-config",
                "retention.ms=86400000");

        assertThat(alter.exitCode()).as(alter.stderr()).isZero();
        assertThat(alter.stdout()).contains("Completed updating config for topic my-topic.");

        KafkaTool.Result describe = KafkaTool.run(ConfigCommand::main, "--bootstrap-server", bootstrap,
                "--entity-type", "topics", "--entity-name", "my-topic", "--describe");

        assertThat(describe.exitCode()).as(describe.stderr()).isZero();
        assertThat(describe.stdout()).contains("Dynamic configs for topic my-topic are:")
                .contains("retention.ms=86400000");

        KafkaTool.Result topics = KafkaTool.run(TopicCommand::main,
                "--describe", "--topic", "my-topic", "--bootstrap-server", bootstrap);
        assertThat(topics.stdout()).contains("retention.ms=86400000");
    }

    @Test
    @Order(5)
    void kafkaBrokerApiVersionsListsEveryApiAsUsable() {
        KafkaTool.Result result = KafkaTool.run(BrokerApiVersionsCommand::main, "--bootstrap-server", bootstrap);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("(id: 1 rack: null")
                .containsPattern("Produce\\(0\\): \\d+ to \\d+ \\[usable: \\d+\\]")
                .containsPattern("Metadata\\(3\\): \\d+ to \\d+ \\[usable: \\d+\\]")
                .contains("DescribeConfigs(32): 1 to 4 [usable: 4]", "AlterConfigs(33): 0 to 2 [usable: 2]",
                        "CreatePartitions(37): 0 to 3 [usable: 3]", "DeleteTopics(20): 1 to 6 [usable: 6]",
                        "IncrementalAlterConfigs(44): 0 to 1 [usable: 1]", "DescribeCluster(60): 0 to 2 [usable: 2]",
                        "DescribeProducers(61): 0 [usable: 0]");
    }
}
