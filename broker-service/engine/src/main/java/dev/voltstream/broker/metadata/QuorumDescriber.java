package dev.voltstream.broker.metadata;

import java.util.concurrent.CompletionStage;

/** Asks the metadata quorum's leader how the quorum stands (cluster mode only). */
public interface QuorumDescriber {
    CompletionStage<QuorumDescription> describeQuorum();

    /** The name of the listener the quorum's members talk on ({@code controller.listener.names}' first). */
    String controllerListenerName();
}
