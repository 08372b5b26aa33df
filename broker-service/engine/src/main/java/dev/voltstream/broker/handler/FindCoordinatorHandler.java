package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * FindCoordinator (v4+ batches keys): this node coordinates every group. Transactional ids get
 * COORDINATOR_NOT_AVAILABLE (there is no transaction coordinator) and share groups INVALID_REQUEST.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    private final ClusterView cluster;

    public FindCoordinatorHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public CompletionStage<FindCoordinatorResponseData> handle(RequestContext context,
                                                               FindCoordinatorRequestData request) {
        BrokerNode node = cluster.localBroker(context.listenerName());
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= 4) {
            for (String key : request.coordinatorKeys()) {
                response.coordinators().add(find(request.keyType(), key, coordinator(context, key, node)));
            }
        } else {
            Coordinator c = find(request.keyType(), request.key(), coordinator(context, request.key(), node));
            response.setErrorCode(c.errorCode()).setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
            if (context.apiVersion() >= 1) {
                response.setErrorMessage(c.errorMessage());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Coordinator find(byte keyType, String key, BrokerNode node) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        CoordinatorType type;
        try {
            type = CoordinatorType.forId(keyType);
        } catch (IllegalArgumentException e) {
            return error(c, Errors.INVALID_REQUEST, "Unknown coordinator key type " + keyType);
        }
        if (type == CoordinatorType.TRANSACTION) {
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, "This broker has no transaction coordinator");
        }
        if (type != CoordinatorType.GROUP) {
            return error(c, Errors.INVALID_REQUEST, "Coordinator key type " + type + " is not supported");
        }
        if (key == null || key.isEmpty()) {
            return error(c, Errors.INVALID_REQUEST, "Group id must not be empty");
        }
        return c.setNodeId(node.id()).setHost(node.host()).setPort(node.port()).setErrorCode(Errors.NONE.code());
    }

    /** Groups live on the broker the cluster picks (this one on a single node). */
    private BrokerNode coordinator(RequestContext context, String key, BrokerNode local) {
        return key == null || key.isEmpty() ? local : cluster.groupCoordinator(context.listenerName(), key);
    }

    private static Coordinator error(Coordinator c, Errors error, String message) {
        return c.setErrorCode(error.code()).setErrorMessage(message);
    }
}
