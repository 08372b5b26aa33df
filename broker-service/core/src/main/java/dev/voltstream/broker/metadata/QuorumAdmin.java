package dev.voltstream.broker.metadata;

import java.util.concurrent.CompletionStage;

/** What the cluster-level admin APIs ask of the metadata quorum (cluster mode only). */
public interface QuorumAdmin {
    /** How the quorum stands, as its leader sees it (DescribeQuorum). */
    CompletionStage<QuorumDescription> describeQuorum();

    /** The name of the listener the quorum's members talk on ({@code controller.listener.names}' first). */
    String controllerListenerName();

    /**
     * Removes a stopped broker from the cluster (UnregisterBroker): its registration, and, when it observed the
     * metadata log, its place in the quorum's configuration. Completes exceptionally with Kafka's error
     * ({@code BROKER_ID_NOT_REGISTERED}, or {@code INVALID_REQUEST} while it is alive or is a voter).
     */
    CompletionStage<Void> unregisterBroker(int brokerId);

    /**
     * AddRaftVoter (KIP-853, {@code kafka-metadata-quorum.sh add-controller}): a running observer of the metadata log
     * becomes a voter. Completes exceptionally with Kafka's error when the broker is not a running observer
     * ({@code INVALID_REQUEST}) or the quorum cannot change now.
     */
    CompletionStage<Void> addVoter(int nodeId);

    /**
     * RemoveRaftVoter ({@code kafka-metadata-quorum.sh remove-controller}): a voter leaves the voters and stays an
     * observer while it runs. The last voter cannot be removed ({@code INVALID_REQUEST}).
     */
    CompletionStage<Void> removeVoter(int nodeId);
}
