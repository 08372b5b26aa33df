package dev.voltstream.broker.handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.config.dynamic.ConfigUpdater;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * The legacy AlterConfigs: each resource's configs are replaced by exactly the given set (validate-only honoured); the
 * request's topic changes are validated one by one and then made together ({@link TopicConfigBatch}).
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequestData> {
    private final ConfigUpdater updater;

    public AlterConfigsHandler(ConfigUpdater updater) {
        this.updater = updater;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<AlterConfigsResponseData> handle(RequestContext context, AlterConfigsRequestData request) {
        AlterConfigsResponseData response = new AlterConfigsResponseData();
        TopicConfigBatch topics = new TopicConfigBatch(updater);
        for (AlterConfigsResource resource : request.resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            Consumer<ApiException> fail = e -> result.setErrorCode(Errors.forException(e).code())
                    .setErrorMessage(e.getMessage());
            try {
                Map<String, String> configs = new LinkedHashMap<>();
                for (AlterableConfig config : resource.configs()) {
                    if (config.value() == null) {
                        throw new InvalidRequestException("Null value not supported for : " + config.name());
                    }
                    if (configs.put(config.name(), config.value()) != null) {
                        throw new InvalidRequestException("Error due to duplicate config keys");
                    }
                }
                replace(resource, configs, request.validateOnly(), topics, fail);
            } catch (ApiException e) {
                fail.accept(e);
            }
            response.responses().add(result);
        }
        topics.commit();
        return CompletableFuture.completedFuture(response);
    }

    private void replace(AlterConfigsResource resource, Map<String, String> configs, boolean validateOnly,
                         TopicConfigBatch topics, Consumer<ApiException> onFailure) {
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        switch (type) {
            case TOPIC -> topics.add(resource.resourceName(), configs, validateOnly, onFailure);
            case BROKER -> updater.replaceBrokerConfigs(resource.resourceName(), configs, validateOnly);
            default -> throw new InvalidRequestException("Unsupported resource type: " + type);
        }
    }
}
