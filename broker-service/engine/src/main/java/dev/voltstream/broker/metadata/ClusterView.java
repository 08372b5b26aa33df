package dev.voltstream.broker.metadata;

import java.util.List;

/** What clients are told about the cluster: its id, its controller and its brokers on a given listener. */
public interface ClusterView {
    String clusterId();

    int controllerId();

    int localNodeId();

    /** The brokers reachable through the listener the request came in on. */
    List<BrokerNode> brokers(String listenerName);

    default BrokerNode localBroker(String listenerName) {
        return brokers(listenerName).stream().filter(b -> b.id() == localNodeId()).findFirst().orElseThrow();
    }
}
