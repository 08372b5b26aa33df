package dev.voltstream.broker.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.dynamic.ConfigUpdater;
import dev.voltstream.broker.config.dynamic.DynamicBrokerConfigs;
import dev.voltstream.broker.metadata.NewTopic;
import dev.voltstream.broker.metadata.TopicChangeSink;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;

/**
 * A request's topic changes reach the metadata quorum as one batch after each was validated on its own; a topic
 * deleted between its validation and the batch being applied fails alone.
 */
class IncrementalAlterConfigsHandlerTest {
    @TempDir
    Path dir;

    @Test
    void theValidTopicChangesAreOneCommitAndATopicDeletedMeanwhileFailsAlone() throws Exception {
        try (PartitionHandlerFixture fixture = new PartitionHandlerFixture(dir)) {
            for (String name : List.of("kept", "doomed", "bad")) {
                fixture.createTopic(name, 1);
            }
            List<List<TopicMetadata>> commits = new ArrayList<>();
            IncrementalAlterConfigsHandler handler = handler(fixture, updated -> {
                commits.add(List.copyOf(updated));
                fixture.topics.delete("doomed"); // by another request, before this batch is applied
                updated.stream().filter(t -> !t.name().equals("doomed")).forEach(fixture.topics::apply);
            });

            IncrementalAlterConfigsResponseData response = alter(handler, false);

            assertThat(response.responses()).extracting(AlterConfigsResourceResponse::resourceName,
                    r -> Errors.forCode(r.errorCode())).containsExactly(
                    tuple("kept", Errors.NONE),
                    tuple("doomed", Errors.UNKNOWN_TOPIC_OR_PARTITION),
                    tuple("bad", Errors.INVALID_CONFIG),
                    tuple("unknown", Errors.UNKNOWN_TOPIC_OR_PARTITION));
            assertThat(commits).hasSize(1);
            assertThat(commits.get(0)).extracting(TopicMetadata::name).containsExactly("kept", "doomed");
            assertThat(fixture.topics.byName("kept").orElseThrow().configs()).containsEntry("retention.ms", "1000");
        }
    }

    @Test
    void validateOnlyChecksEveryResourceAndCommitsNothing() throws Exception {
        try (PartitionHandlerFixture fixture = new PartitionHandlerFixture(dir)) {
            for (String name : List.of("kept", "doomed", "bad")) {
                fixture.createTopic(name, 1);
            }
            List<List<TopicMetadata>> commits = new ArrayList<>();
            IncrementalAlterConfigsResponseData response = alter(handler(fixture, commits::add), true);

            assertThat(response.responses()).extracting(r -> Errors.forCode(r.errorCode())).containsExactly(
                    Errors.NONE, Errors.NONE, Errors.INVALID_CONFIG, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(commits).isEmpty();
            assertThat(fixture.topics.byName("kept").orElseThrow().configs()).isEmpty();
        }
    }

    private IncrementalAlterConfigsHandler handler(PartitionHandlerFixture fixture, BatchSink batches)
            throws Exception {
        BrokerConfig config = new BrokerConfig(Map.of("node.id", "1", "log.dirs", dir.resolve("logs").toString()));
        TopicService topics = new TopicService(fixture.topics, fixture.replicas, config);
        topics.useQuorum(batches);
        return new IncrementalAlterConfigsHandler(new ConfigUpdater(topics,
                DynamicBrokerConfigs.load(dir.resolve("metadata"), config), 1));
    }

    private static IncrementalAlterConfigsResponseData alter(IncrementalAlterConfigsHandler handler,
                                                             boolean validateOnly) {
        IncrementalAlterConfigsRequestData request = new IncrementalAlterConfigsRequestData()
                .setValidateOnly(validateOnly);
        request.resources().add(topic("kept", "retention.ms", "1000"));
        request.resources().add(topic("doomed", "retention.ms", "2000"));
        request.resources().add(topic("bad", "retention.ms", "soon"));
        request.resources().add(topic("unknown", "retention.ms", "3000"));
        return handler.handle(PartitionHandlerFixture.context(ApiKeys.INCREMENTAL_ALTER_CONFIGS, (short) 1), request)
                .toCompletableFuture().join();
    }

    private static AlterConfigsResource topic(String name, String config, String value) {
        AlterConfigsResource resource = new AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName(name);
        resource.configs().add(new AlterableConfig().setName(config).setValue(value)
                .setConfigOperation((byte) 0));
        return resource;
    }

    /** A metadata quorum that only takes batches of config changes. */
    @FunctionalInterface
    private interface BatchSink extends TopicChangeSink {
        @Override
        default Map<String, ApiException> create(List<NewTopic> topics) {
            throw new UnsupportedOperationException();
        }

        @Override
        default Map<String, ApiException> createPartitions(List<TopicMetadata> grown) {
            throw new UnsupportedOperationException();
        }

        @Override
        default Map<String, ApiException> delete(List<TopicMetadata> topics) {
            throw new UnsupportedOperationException();
        }

        @Override
        default void reassign(String topic, int partition, List<Integer> target) {
            throw new UnsupportedOperationException();
        }

        @Override
        default void electLeader(String topic, int partition, boolean unclean) {
            throw new UnsupportedOperationException();
        }

        @Override
        default int aliveBrokers() {
            return 1;
        }
    }
}
