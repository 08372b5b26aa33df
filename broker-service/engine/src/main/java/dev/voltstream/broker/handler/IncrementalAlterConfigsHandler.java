package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.config.dynamic.BrokerConfigCatalog;
import dev.voltstream.broker.config.dynamic.ConfigUpdater;
import dev.voltstream.broker.config.dynamic.IncrementalChanges;
import dev.voltstream.broker.config.dynamic.IncrementalChanges.Change;
import dev.voltstream.broker.config.dynamic.TopicConfigCatalog;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * IncrementalAlterConfigs: SET / DELETE / APPEND / SUBTRACT on a topic's or broker's current configs. The request's
 * topic changes are validated one by one and then made together ({@link TopicConfigBatch}).
 */
public final class IncrementalAlterConfigsHandler implements ApiHandler<IncrementalAlterConfigsRequestData> {
    private final ConfigUpdater updater;

    public IncrementalAlterConfigsHandler(ConfigUpdater updater) {
        this.updater = updater;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletionStage<IncrementalAlterConfigsResponseData> handle(RequestContext context,
                                                                        IncrementalAlterConfigsRequestData request) {
        IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
        TopicConfigBatch topics = new TopicConfigBatch(updater);
        for (AlterConfigsResource resource : request.resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            Consumer<ApiException> fail = e -> result.setErrorCode(Errors.forException(e).code())
                    .setErrorMessage(e.getMessage());
            try {
                alter(resource, request.validateOnly(), topics, fail);
            } catch (ApiException e) {
                fail.accept(e);
            }
            response.responses().add(result);
        }
        topics.commit();
        return CompletableFuture.completedFuture(response);
    }

    private void alter(AlterConfigsResource resource, boolean validateOnly, TopicConfigBatch topics,
                       Consumer<ApiException> onFailure) {
        List<Change> changes = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            changes.add(new Change(config.name(), config.configOperation(), config.value()));
        }
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        String name = resource.resourceName();
        switch (type) {
            case TOPIC -> {
                Map<String, String> updated = IncrementalChanges.apply(topics.configs(name), changes,
                        TopicConfigCatalog::key);
                topics.add(name, updated, validateOnly, onFailure);
            }
            case BROKER -> {
                Map<String, String> updated = IncrementalChanges.apply(updater.brokerConfigs(name), changes,
                        BrokerConfigCatalog::key);
                updater.replaceBrokerConfigs(name, updated, validateOnly);
            }
            default -> throw new InvalidRequestException("Unsupported resource type: " + type);
        }
    }
}
