package dev.voltstream.broker.cluster.internal.image;

/**
 * One listener a broker serves, as registered in the metadata log (Kafka's {@code BrokerEndpoint}): the listener's
 * name, the host and port clients and other brokers reach it on, and its security protocol (Kafka's
 * {@code SecurityProtocol} name, or null when unknown). {@link #LEGACY} names the single endpoint of a registration
 * written before brokers registered several (record version 0, snapshot format 4 and older): it stands for the
 * inter-broker listener, the one listener such a broker served.
 */
public record BrokerEndpoint(String listener, String host, int port, String securityProtocol) {
    /** The listener name of an endpoint from an old registration, which carried no name. */
    public static final String LEGACY = "";

    public static BrokerEndpoint legacy(String host, int port) {
        return new BrokerEndpoint(LEGACY, host, port, null);
    }

    /** Whether this endpoint serves listener {@code name}, an old unnamed one standing for {@code interBroker}. */
    boolean serves(String name, String interBroker) {
        return listener.equalsIgnoreCase(name) || (listener.equals(LEGACY) && name.equalsIgnoreCase(interBroker));
    }

    public String address() {
        return host + ":" + port;
    }
}
