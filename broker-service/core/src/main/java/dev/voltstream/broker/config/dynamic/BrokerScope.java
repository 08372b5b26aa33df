package dev.voltstream.broker.config.dynamic;

import org.apache.kafka.common.errors.InvalidRequestException;

/** Where a dynamic broker config applies: to this broker only, or as the default of every broker in the cluster. */
public enum BrokerScope {
    NODE, CLUSTER_DEFAULT;

    /**
     * Kafka's broker resource names: this node's id, or the empty string for the cluster default.
     *
     * @throws InvalidRequestException for any other name, as Kafka does
     */
    public static BrokerScope of(String resourceName, int localNodeId) {
        if (resourceName == null || resourceName.isEmpty()) {
            return CLUSTER_DEFAULT;
        }
        int id;
        try {
            id = Integer.parseInt(resourceName);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Broker id must be an integer, but it is: " + resourceName);
        }
        if (id != localNodeId) {
            throw new InvalidRequestException("Unexpected broker id, expected " + localNodeId
                    + " or empty string, but received " + resourceName);
        }
        return NODE;
    }
}
