package dev.voltstream.broker.cluster.internal.image;

import java.util.List;
import java.util.Optional;

/**
 * A broker known to the cluster, with an endpoint per listener it serves. {@code incarnation} changes on every process
 * start, so the controller can tell a restarted broker (whose old leaderships must move away) from a heartbeat of the
 * same process. A fenced broker is registered but not alive: it leads nothing and is in no ISR.
 */
public record BrokerRegistration(int id, List<BrokerEndpoint> endpoints, String rack, String incarnation,
                                 boolean fenced) {
    public BrokerRegistration {
        endpoints = List.copyOf(endpoints);
    }

    /** A registration of one unnamed endpoint, as brokers registered before they served several listeners. */
    public BrokerRegistration(int id, String host, int port, String rack, String incarnation, boolean fenced) {
        this(id, List.of(BrokerEndpoint.legacy(host, port)), rack, incarnation, fenced);
    }

    /** Whether broker {@code id} is registered in {@code brokers} and not fenced. */
    static boolean isAlive(java.util.Map<Integer, BrokerRegistration> brokers, int id) {
        BrokerRegistration b = brokers.get(id);
        return b != null && !b.fenced();
    }

    /**
     * The endpoint of listener {@code name}; an old registration's unnamed endpoint serves the inter-broker listener
     * {@code interBroker}. Empty when the broker does not serve that listener.
     */
    public Optional<BrokerEndpoint> endpoint(String name, String interBroker) {
        return endpoints.stream().filter(e -> e.serves(name, interBroker)).findFirst();
    }

    public BrokerRegistration fence() {
        return new BrokerRegistration(id, endpoints, rack, incarnation, true);
    }
}
