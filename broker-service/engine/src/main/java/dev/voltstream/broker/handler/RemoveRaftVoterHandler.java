package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.RemoveRaftVoterRequestData;
import org.apache.kafka.common.message.RemoveRaftVoterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * RemoveRaftVoter (KIP-853, {@code kafka-metadata-quorum.sh remove-controller}): a voter stops voting and observes
 * the metadata log while it runs (decommission it afterwards to take it out for good). Cluster mode only; the
 * directory id is not checked (see {@link AddRaftVoterHandler}).
 */
public final class RemoveRaftVoterHandler implements ApiHandler<RemoveRaftVoterRequestData> {
    private final QuorumAdmin quorum;
    private final String clusterId;

    public RemoveRaftVoterHandler(QuorumAdmin quorum, String clusterId) {
        this.quorum = quorum;
        this.clusterId = clusterId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.REMOVE_RAFT_VOTER;
    }

    @Override
    public CompletionStage<RemoveRaftVoterResponseData> handle(RequestContext context,
                                                              RemoveRaftVoterRequestData request) {
        if (request.clusterId() != null && !request.clusterId().equals(clusterId)) {
            return CompletableFuture.completedFuture(new RemoveRaftVoterResponseData()
                    .setErrorCode(Errors.INCONSISTENT_CLUSTER_ID.code())
                    .setErrorMessage("This is cluster " + clusterId + ", not " + request.clusterId()));
        }
        return quorum.removeVoter(request.voterId()).handle((ok, e) -> {
            if (e == null) {
                return new RemoveRaftVoterResponseData();
            }
            Throwable cause = QuorumErrors.cause(e);
            return new RemoveRaftVoterResponseData().setErrorCode(Errors.forException(cause).code())
                    .setErrorMessage(cause.getMessage());
        });
    }
}
