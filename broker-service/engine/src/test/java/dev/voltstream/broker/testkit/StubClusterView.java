package dev.voltstream.broker.testkit;

import dev.voltstream.broker.metadata.ClusterView;

/**
 * A cluster view for handler tests: cluster "c" whose controller and local broker are broker 1; a test says which
 * brokers there are (and overrides whatever else it needs, such as partition states or liveness).
 */
public abstract class StubClusterView implements ClusterView {
    @Override
    public String clusterId() {
        return "c";
    }

    @Override
    public int controllerId() {
        return 1;
    }

    @Override
    public int localNodeId() {
        return 1;
    }
}
