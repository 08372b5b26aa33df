package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.FinalizedFeatureKey;
import org.apache.kafka.common.message.ApiVersionsResponseData.SupportedFeatureKey;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.FinalizedFeatures;
import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * ApiVersions: every API we have a handler for, with the full version range of the pinned kafka-clients, and (v3+)
 * the supported and finalized features with their epoch (KIP-584), from which the Java client decides whether to use
 * transaction version 2.
 */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {
    private final Supplier<ApiVersionTable> versions;
    private final FinalizedFeatures features;

    /** {@code features}: null advertises none. */
    public ApiVersionsHandler(Supplier<ApiVersionTable> versions, FinalizedFeatures features) {
        this.versions = versions;
        this.features = features;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletionStage<ApiVersionsResponseData> handle(RequestContext context, ApiVersionsRequestData request) {
        ApiVersionsResponseData response = new ApiVersionsResponseData().setApiKeys(versions.get().versions());
        if (context.apiVersion() >= 3 && !validClientSoftware(request)) {
            response.setErrorCode(Errors.INVALID_REQUEST.code());
        }
        if (features != null && context.apiVersion() >= 3) {
            FinalizedFeatures.Levels levels = features.levels();
            features.supported().forEach((name, range) -> response.supportedFeatures().add(
                    new SupportedFeatureKey().setName(name).setMinVersion(range.min()).setMaxVersion(range.max())));
            levels.finalized().forEach((name, level) -> response.finalizedFeatures().add(
                    new FinalizedFeatureKey().setName(name).setMinVersionLevel(level).setMaxVersionLevel(level)));
            response.setFinalizedFeaturesEpoch(levels.epoch());
        }
        return CompletableFuture.completedFuture(response);
    }

    /** KIP-511: name and version must be non-empty and of letters, digits, '.', '-' only, as Kafka checks. */
    private static boolean validClientSoftware(ApiVersionsRequestData request) {
        return valid(request.clientSoftwareName()) && valid(request.clientSoftwareVersion());
    }

    private static boolean valid(String s) {
        return s != null && s.matches("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    }
}
