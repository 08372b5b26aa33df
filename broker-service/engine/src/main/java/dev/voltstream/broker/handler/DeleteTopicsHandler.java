package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

/**
 * DeleteTopics: by name (v0-5) or by name or topic id (v6+); the topic's logs go with it. The request's topics are
 * deleted together: one metadata commit in cluster mode.
 */
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
        Map<String, TopicMetadata> doomed = new LinkedHashMap<>();
        Map<String, List<DeletableTopicResult>> results = new HashMap<>();
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
                doomed.putIfAbsent(topic.name(), topic);
                results.computeIfAbsent(topic.name(), name -> new ArrayList<>()).add(result);
            } catch (ApiException e) {
                fail(result, e, version);
            }
            response.responses().add(result);
        }
        delete(doomed, results, version);
        return CompletableFuture.completedFuture(response);
    }

    /**
     * Deletes the request's topics together (one metadata commit in cluster mode); a topic refused alone (deleted
     * meanwhile), or the whole commit, fails its results.
     */
    private void delete(Map<String, TopicMetadata> doomed, Map<String, List<DeletableTopicResult>> results,
                        short version) {
        Map<String, ApiException> refused;
        try {
            refused = topics.deleteAll(List.copyOf(doomed.values()));
        } catch (ApiException e) {
            results.values().forEach(each -> each.forEach(result -> fail(result, e, version)));
            return;
        }
        refused.forEach((name, e) -> results.get(name).forEach(result -> fail(result, e, version)));
    }

    private static void fail(DeletableTopicResult result, ApiException e, short version) {
        result.setErrorCode(Errors.forException(e).code());
        if (version >= 5) {
            result.setErrorMessage(e.getMessage());
        }
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
