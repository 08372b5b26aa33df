package dev.voltstream.broker.handler;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.protocol.KafkaRequest;

/** Routes each request to the one handler registered for its API key; does nothing else. */
public final class ApiDispatcher implements RequestProcessor {
    private final Map<ApiKeys, ApiHandler<?>> handlers = new EnumMap<>(ApiKeys.class);
    private final ApiVersionTable versions;

    public ApiDispatcher(Collection<ApiHandler<?>> handlers) {
        for (ApiHandler<?> handler : handlers) {
            if (this.handlers.put(handler.apiKey(), handler) != null) {
                throw new IllegalArgumentException("Two handlers for " + handler.apiKey());
            }
        }
        this.handlers.putIfAbsent(ApiKeys.API_VERSIONS, new ApiVersionsHandler(this::versions));
        this.versions = new ApiVersionTable(this.handlers.keySet());
    }

    public ApiVersionTable versions() {
        return versions;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        if (request.body() == null) {
            return CompletableFuture.completedFuture(versions.unsupportedVersionResponse());
        }
        ApiHandler<ApiMessage> handler = (ApiHandler<ApiMessage>) handlers.get(request.context().apiKey());
        return (CompletionStage<ApiMessage>) handler.handle(request.context(), request.body().data());
    }
}
