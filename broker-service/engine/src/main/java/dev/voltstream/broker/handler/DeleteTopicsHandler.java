package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.metadata.TopicMetadata;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/** DeleteTopics: by name (v0-5) or by name or topic id (v6+); the topic's logs go with it. */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequestData> {
    private final TopicService topics;
    private final BrokerConfig config;

    public DeleteTopicsHandler(TopicService topics, BrokerConfig config) {
        this.topics = topics;
        this.config = config;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public CompletionStage<DeleteTopicsResponseData> handle(RequestContext context, DeleteTopicsRequestData request) {
        short version = context.apiVersion();
        List<DeleteTopicState> requested = new ArrayList<>(request.topics());
        if (version < 6) {
            request.topicNames().forEach(name -> requested.add(new DeleteTopicState().setName(name)));
        }
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        Set<String> deleted = new HashSet<>();
        for (DeleteTopicState state : requested) {
            DeletableTopicResult result = new DeletableTopicResult().setName(state.name())
                    .setTopicId(state.topicId());
            try {
                TopicMetadata topic = resolve(state, version);
                if (topic.internal()) {
                    // Stricter than Kafka on purpose (docs/compatibility.md): Kafka's broker deletes
                    // __consumer_offsets when asked (only kafka-topics.sh refuses), losing every group's offsets.
                    throw new PolicyViolationException("Topic " + topic.name() + " is an internal topic and "
                            + "cannot be deleted.");
                }
                result.setName(topic.name()).setTopicId(version >= 6 ? topic.id() : Uuid.ZERO_UUID);
                if (deleted.add(topic.name())) {
                    topics.delete(topic.name());
                }
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code());
                if (version >= 5) {
                    result.setErrorMessage(e.getMessage());
                }
            }
            response.responses().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private TopicMetadata resolve(DeleteTopicState state, short version) {
        if (!config.deleteTopicEnable()) {
            throw version < 3 ? new InvalidRequestException("Topic deletion is disabled.")
                    : new TopicDeletionDisabledException("Topic deletion is disabled.");
        }
        boolean byId = state.topicId() != null && !Uuid.ZERO_UUID.equals(state.topicId());
        if (byId && state.name() != null) {
            throw new InvalidRequestException("Cannot specify both topic name and topic id.");
        }
        if (byId) {
            return topics.registry().byId(state.topicId()).orElseThrow(() ->
                    new UnknownTopicIdException("Topic id " + state.topicId() + " does not exist."));
        }
        Optional<TopicMetadata> topic = state.name() == null ? Optional.empty()
                : topics.registry().byName(state.name());
        return topic.orElseThrow(() -> new UnknownTopicOrPartitionException("This server does not host this "
                + "topic-partition."));
    }
}
