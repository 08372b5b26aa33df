package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.protocol.RequestContext;

/** DescribeCluster: the cluster id, the controller and the brokers on the request's listener (a broker endpoint). */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequestData> {
    /** Kafka's EndpointType ids: 1 = brokers, 2 = controllers. */
    private static final byte BROKER_ENDPOINT = 1;
    private static final int UNKNOWN_OPERATIONS = Integer.MIN_VALUE;

    private final ClusterView cluster;

    public DescribeClusterHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletionStage<DescribeClusterResponseData> handle(RequestContext context,
                                                               DescribeClusterRequestData request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
                .setEndpointType(BROKER_ENDPOINT)
                .setClusterAuthorizedOperations(UNKNOWN_OPERATIONS);
        if (request.endpointType() != BROKER_ENDPOINT) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.MISMATCHED_ENDPOINT_TYPE.code())
                    .setErrorMessage("The request was sent to an endpoint of type BROKER, but we wanted an endpoint "
                            + "of type " + endpointName(request.endpointType())).setClusterId(cluster.clusterId()));
        }
        response.setClusterId(cluster.clusterId()).setControllerId(cluster.controllerId());
        for (BrokerNode node : cluster.brokers(context.listenerName())) {
            response.brokers().add(new DescribeClusterBroker().setBrokerId(node.id()).setHost(node.host())
                    .setPort(node.port()).setRack(node.rack()).setIsFenced(false));
        }
        return CompletableFuture.completedFuture(response);
    }

    private static String endpointName(byte id) {
        return id == 2 ? "CONTROLLER" : "UNKNOWN(" + id + ")";
    }
}
