package dev.voltstream.broker.handler;

import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.metadata.FinalizedFeatures;
import dev.voltstream.broker.protocol.ApiVersionTable;
import dev.voltstream.broker.protocol.KafkaRequest;

/**
 * Routes each request to the one handler registered for its API key. The APIs that create or delete logs (whose cost
 * grows with what the request asks for, up to 10,000 partitions) run on the admin lane, one at a time, so that they
 * can never take every request thread while ApiVersions, Produce and Fetch of other clients wait.
 */
public final class ApiDispatcher implements RequestProcessor {
    /** The APIs whose work is creating, deleting or rewriting logs and topic metadata. */
    static final Set<ApiKeys> ADMIN_LANE = EnumSet.of(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_PARTITIONS,
            ApiKeys.DELETE_TOPICS, ApiKeys.ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS,
            ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ApiKeys.ELECT_LEADERS, ApiKeys.DELETE_RECORDS);

    private final Map<ApiKeys, ApiHandler<?>> handlers = new EnumMap<>(ApiKeys.class);
    private final ApiVersionTable versions;
    private final Executor adminLane;

    public ApiDispatcher(Collection<ApiHandler<?>> handlers) {
        this(handlers, Runnable::run, null);
    }

    /**
     * {@code adminLane} runs the {@link #ADMIN_LANE} APIs (a serial executor over the request threads);
     * {@code features} are advertised by ApiVersions (null: none).
     */
    public ApiDispatcher(Collection<ApiHandler<?>> handlers, Executor adminLane, FinalizedFeatures features) {
        this.adminLane = adminLane;
        for (ApiHandler<?> handler : handlers) {
            if (this.handlers.put(handler.apiKey(), handler) != null) {
                throw new IllegalArgumentException("Two handlers for " + handler.apiKey());
            }
        }
        this.handlers.putIfAbsent(ApiKeys.API_VERSIONS, new ApiVersionsHandler(this::versions, features));
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
        if (ADMIN_LANE.contains(request.context().apiKey())) {
            return CompletableFuture.supplyAsync(() -> handler.handle(request.context(), request.body().data()),
                    adminLane).thenCompose(stage -> (CompletionStage<ApiMessage>) stage);
        }
        return (CompletionStage<ApiMessage>) handler.handle(request.context(), request.body().data());
    }
}
