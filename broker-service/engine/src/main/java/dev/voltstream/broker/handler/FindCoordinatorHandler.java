package dev.voltstream.broker.handler;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

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
 * FindCoordinator (v4+ batches keys): a single node coordinates every group; in a cluster the leader of the group's
 * {@code __consumer_offsets} partition does, and the first request creates that topic (as Kafka does), answering
 * COORDINATOR_NOT_AVAILABLE while it has no leader. Transactional ids likewise: the leader of the id's
 * {@code __transaction_state} partition, that topic created by the first request; a broker without a transaction
 * coordinator answers INVALID_REQUEST. Share groups get INVALID_REQUEST.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequestData> {
    private final ClusterView cluster;
    private final BooleanSupplier createOffsetsTopic;
    private final boolean transactions;
    private final BooleanSupplier createTransactionStateTopic;

    public FindCoordinatorHandler(ClusterView cluster) {
        this(cluster, () -> false);
    }

    /** {@code createOffsetsTopic}: creates {@code __consumer_offsets} if missing (cluster mode); true if it exists. */
    public FindCoordinatorHandler(ClusterView cluster, BooleanSupplier createOffsetsTopic) {
        this(cluster, createOffsetsTopic, false);
    }

    /** {@code transactions}: this broker coordinates transactions (single node); else TRANSACTION keys are refused. */
    public FindCoordinatorHandler(ClusterView cluster, BooleanSupplier createOffsetsTopic, boolean transactions) {
        this(cluster, createOffsetsTopic, transactions, () -> false);
    }

    /** {@code createTransactionStateTopic}: creates {@code __transaction_state} if missing (cluster mode). */
    public FindCoordinatorHandler(ClusterView cluster, BooleanSupplier createOffsetsTopic, boolean transactions,
                                  BooleanSupplier createTransactionStateTopic) {
        this.cluster = cluster;
        this.createOffsetsTopic = createOffsetsTopic;
        this.transactions = transactions;
        this.createTransactionStateTopic = createTransactionStateTopic;
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
                response.coordinators().add(find(request.keyType(), key, transactions,
                        coordinator(context, request.keyType(), key, node)));
            }
        } else {
            Coordinator c = find(request.keyType(), request.key(), transactions,
                    coordinator(context, request.keyType(), request.key(), node));
            response.setErrorCode(c.errorCode()).setNodeId(c.nodeId()).setHost(c.host()).setPort(c.port());
            if (context.apiVersion() >= 1) {
                response.setErrorMessage(c.errorMessage());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Coordinator find(byte keyType, String key, boolean transactions,
                                    Optional<BrokerNode> coordinator) {
        Coordinator c = new Coordinator().setKey(key).setNodeId(-1).setHost("").setPort(-1);
        CoordinatorType type;
        try {
            type = CoordinatorType.forId(keyType);
        } catch (IllegalArgumentException e) {
            return error(c, Errors.INVALID_REQUEST, "Unknown coordinator key type " + keyType);
        }
        if (type == CoordinatorType.TRANSACTION && !transactions) {
            // Not retriable on purpose: a transactional producer fails at once with this message instead of
            // retrying until max.block.ms.
            return error(c, Errors.INVALID_REQUEST, "This broker has no transaction coordinator");
        }
        if (type != CoordinatorType.GROUP && type != CoordinatorType.TRANSACTION) {
            return error(c, Errors.INVALID_REQUEST, "Coordinator key type " + type + " is not supported");
        }
        if (key == null || key.isEmpty()) {
            return error(c, Errors.INVALID_REQUEST, (type == CoordinatorType.GROUP ? "Group id"
                    : "Transactional id") + " must not be empty");
        }
        if (coordinator.isEmpty()) {
            return error(c, Errors.COORDINATOR_NOT_AVAILABLE, "The coordinator is not available");
        }
        BrokerNode node = coordinator.get();
        return c.setNodeId(node.id()).setHost(node.host()).setPort(node.port()).setErrorCode(Errors.NONE.code());
    }

    /** Groups and transactional ids live on the broker the cluster picks (this one on a single node). */
    private Optional<BrokerNode> coordinator(RequestContext context, byte keyType, String key, BrokerNode local) {
        if (key != null && !key.isEmpty() && keyType == CoordinatorType.TRANSACTION.id() && transactions) {
            Optional<BrokerNode> found = cluster.transactionCoordinator(context.listenerName(), key);
            if (found.isEmpty() && createTransactionStateTopic.getAsBoolean()) {
                found = cluster.transactionCoordinator(context.listenerName(), key);
            }
            return found;
        }
        if (key == null || key.isEmpty() || keyType != CoordinatorType.GROUP.id()) {
            return Optional.of(local);
        }
        Optional<BrokerNode> found = cluster.groupCoordinator(context.listenerName(), key);
        if (found.isEmpty() && createOffsetsTopic.getAsBoolean()) {
            found = cluster.groupCoordinator(context.listenerName(), key);
        }
        return found;
    }

    private static Coordinator error(Coordinator c, Errors error, String message) {
        return c.setErrorCode(error.code()).setErrorMessage(message);
    }
}
