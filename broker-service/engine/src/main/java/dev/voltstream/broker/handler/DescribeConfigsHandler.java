package dev.voltstream.broker.handler;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.config.dynamic.BrokerScope;
import dev.voltstream.broker.config.dynamic.ConfigDescriber;
import dev.voltstream.broker.config.dynamic.DescribedConfig;
import dev.voltstream.broker.metadata.TopicService;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * DescribeConfigs for topic and broker resources: every config with its value, source, read-only and sensitive flags,
 * synonyms when asked for (v1+), type and documentation (v3+); {@code configurationKeys} narrows the list.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequestData> {
    private final ConfigDescriber describer;
    private final TopicService topics;
    private final int localNodeId;

    public DescribeConfigsHandler(ConfigDescriber describer, TopicService topics, int localNodeId) {
        this.describer = describer;
        this.topics = topics;
        this.localNodeId = localNodeId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletionStage<DescribeConfigsResponseData> handle(RequestContext context,
                                                                DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            try {
                Set<String> keys = resource.configurationKeys() == null ? null : Set.copyOf(resource.configurationKeys());
                for (DescribedConfig config : describe(resource)) {
                    if (keys == null || keys.contains(config.name())) {
                        result.configs().add(toResult(config, request.includeSynonyms(),
                                request.includeDocumentation()));
                    }
                }
            } catch (ApiException e) {
                result.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
            }
            response.results().add(result);
        }
        return CompletableFuture.completedFuture(response);
    }

    private List<DescribedConfig> describe(DescribeConfigsResource resource) {
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        return switch (type) {
            case TOPIC -> {
                Topic.validate(resource.resourceName());
                yield describer.describeTopic(topics.existing(resource.resourceName()).configs());
            }
            case BROKER -> describer.describeBroker(BrokerScope.of(resource.resourceName(), localNodeId));
            default -> throw new InvalidRequestException("Unsupported resource type: " + type);
        };
    }

    private static DescribeConfigsResourceResult toResult(DescribedConfig config, boolean includeSynonyms,
                                                          boolean includeDocumentation) {
        DescribeConfigsResourceResult result = new DescribeConfigsResourceResult()
                .setName(config.name())
                .setValue(config.value())
                .setReadOnly(config.readOnly())
                .setConfigSource(config.source().id())
                .setIsSensitive(config.sensitive())
                .setConfigType(config.type().id())
                .setDocumentation(includeDocumentation ? config.documentation() : null);
        if (includeSynonyms) {
            for (DescribedConfig.Synonym synonym : config.synonyms()) {
                result.synonyms().add(new DescribeConfigsSynonym().setName(synonym.name()).setValue(synonym.value())
                        .setSource(synonym.source().id()));
            }
        }
        return result;
    }
}
