package dev.voltstream.broker.transaction;

import java.io.IOException;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * A blocking request to another broker of the cluster (markers, KIP-890 verification, transactional offsets), with
 * kafka-clients' generated messages; the cluster layer provides the connections.
 */
@FunctionalInterface
public interface BrokerClient {
    /** The client id of the coordinator's delivery of a committed transaction's offsets to a group coordinator. */
    String OFFSETS_DELIVERY_CLIENT_ID = "voltstream-transaction-offsets";

    /**
     * Sends {@code request} to broker {@code brokerId} as {@code clientId} and returns its response.
     *
     * @throws IOException when the broker is unknown, unreachable or does not answer in time
     */
    ApiMessage call(int brokerId, String clientId, ApiKeys api, short version, ApiMessage request)
            throws IOException;
}
