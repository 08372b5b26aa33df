package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.AddRaftVoterRequestData;
import org.apache.kafka.common.message.AddRaftVoterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * AddRaftVoter (KIP-853, {@code kafka-metadata-quorum.sh add-controller}): a running observer of the metadata log
 * becomes a voter. Cluster mode only. The request's directory id and endpoints are not checked against the broker
 * (our quorum members are known by node id and the address they observe from).
 */
public final class AddRaftVoterHandler implements ApiHandler<AddRaftVoterRequestData> {
    private final QuorumAdmin quorum;
    private final String clusterId;

    public AddRaftVoterHandler(QuorumAdmin quorum, String clusterId) {
        this.quorum = quorum;
        this.clusterId = clusterId;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_RAFT_VOTER;
    }

    @Override
    public CompletionStage<AddRaftVoterResponseData> handle(RequestContext context, AddRaftVoterRequestData request) {
        if (request.clusterId() != null && !request.clusterId().equals(clusterId)) {
            return CompletableFuture.completedFuture(new AddRaftVoterResponseData()
                    .setErrorCode(Errors.INCONSISTENT_CLUSTER_ID.code())
                    .setErrorMessage("This is cluster " + clusterId + ", not " + request.clusterId()));
        }
        return quorum.addVoter(request.voterId()).handle((ok, e) -> {
            if (e == null) {
                return new AddRaftVoterResponseData();
            }
            Throwable cause = QuorumErrors.cause(e);
            return new AddRaftVoterResponseData().setErrorCode(Errors.forException(cause).code())
                    .setErrorMessage(cause.getMessage());
        });
    }
}
