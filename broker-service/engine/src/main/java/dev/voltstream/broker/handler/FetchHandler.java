package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;

import dev.voltstream.broker.metadata.TopicRegistry;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.replica.ReplicaManager;

/**
 * Fetch: committed batches from the segment files (sent zero-copy). When fewer than {@code min.bytes} are available
 * it waits up to {@code max.wait.ms} for appends, then reads again. Every fetch is a full fetch: we answer with
 * session id 0, which tells clients that no incremental fetch session was created (KIP-227 allows this).
 */
public final class FetchHandler implements ApiHandler<FetchRequestData> {
    /** Fetch v13 switched from topic names to topic ids. */
    private static final short FIRST_TOPIC_ID_VERSION = 13;

    private final FetchReader reader;
    private final ReplicaManager replicas;
    private final Executor workers;

    /** The two limits: {@code fetch.max.bytes} (consumers) and {@code replica.fetch.response.max.bytes} (followers). */
    public FetchHandler(TopicRegistry topics, ReplicaManager replicas, Executor workers, int fetchMaxBytes,
                        int replicaFetchResponseMaxBytes) {
        this.reader = new FetchReader(topics, replicas, fetchMaxBytes, replicaFetchResponseMaxBytes);
        this.replicas = replicas;
        this.workers = workers;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public CompletionStage<FetchResponseData> handle(RequestContext context, FetchRequestData request) {
        if (request.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                    .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0));
        }
        boolean useTopicIds = context.apiVersion() >= FIRST_TOPIC_ID_VERSION;
        // Followers (cluster mode) name themselves: replicaId up to v14, ReplicaState from v15.
        int replicaId = context.apiVersion() >= 15 ? request.replicaState().replicaId() : request.replicaId();
        FetchReader.Result first = reader.read(request, useTopicIds, replicaId);
        if (first.bytes() >= request.minBytes() || request.maxWaitMs() <= 0 || first.hasError()
                || first.highWatermarks().isEmpty()) {
            return CompletableFuture.completedFuture(first.response());
        }
        return replicas.purgatory()
                .await(first.highWatermarks().keySet(), request.maxWaitMs(), request.minBytes() - first.bytes(),
                        () -> first.changedSince(replicas))
                .thenApplyAsync(ignored -> reader.read(request, useTopicIds, replicaId).response(), workers);
    }
}
