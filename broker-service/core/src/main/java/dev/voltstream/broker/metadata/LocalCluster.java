package dev.voltstream.broker.metadata;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;

/** The single-node cluster: this broker is every broker and the controller. */
public final class LocalCluster implements ClusterView {
    private final ClusterIdentity identity;
    private final BrokerConfig config;
    private final ToIntFunction<String> boundPort;

    /** {@code boundPort} replaces an advertised port of 0 (an ephemeral listener, as in tests). */
    public LocalCluster(ClusterIdentity identity, BrokerConfig config, IntSupplier boundPort) {
        this(identity, config, name -> boundPort.getAsInt());
    }

    /** {@code boundPort} gives the bound port of each listener, by name, for advertised ports of 0. */
    public LocalCluster(ClusterIdentity identity, BrokerConfig config, ToIntFunction<String> boundPort) {
        this.identity = identity;
        this.config = config;
        this.boundPort = boundPort;
    }

    @Override
    public String clusterId() {
        return identity.clusterId();
    }

    @Override
    public int controllerId() {
        return identity.nodeId();
    }

    @Override
    public int localNodeId() {
        return identity.nodeId();
    }

    @Override
    public List<BrokerNode> brokers(String listenerName) {
        List<Listener> advertised = config.advertisedListeners();
        Listener listener = advertised.stream().filter(l -> l.name().equals(listenerName)).findFirst()
                .orElse(advertised.get(0));
        String host = listener.host().isEmpty() || listener.host().equals("0.0.0.0") ? "localhost" : listener.host();
        int port = listener.port() == 0 ? boundPort.applyAsInt(listener.name()) : listener.port();
        return List.of(new BrokerNode(identity.nodeId(), host, port, config.rack().orElse(null)));
    }
}
