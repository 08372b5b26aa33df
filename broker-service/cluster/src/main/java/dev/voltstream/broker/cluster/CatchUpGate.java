package dev.voltstream.broker.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.protocol.ApiMessage;

import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.protocol.KafkaRequest;

/**
 * Holds every request until this broker's metadata image has caught up with the quorum (its registration applied),
 * then lets them through in arrival order. Kafka's brokers enable request processing only once they have replayed
 * the metadata log; without this gate a restarted broker, whose listener must be bound before it registers (the
 * registration carries the port), would answer Metadata from the image it was still replaying — leaders and topics
 * from before its restart.
 */
public final class CatchUpGate implements RequestProcessor {
    private final RequestProcessor delegate;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();

    public CatchUpGate(RequestProcessor delegate) {
        this.delegate = delegate;
    }

    /** Opens the gate: held requests run now, later ones go straight through. */
    public void open() {
        caughtUp.complete(null);
    }

    public boolean isOpen() {
        return caughtUp.isDone();
    }

    @Override
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        if (caughtUp.isDone()) {
            return delegate.process(request);
        }
        return caughtUp.thenCompose(v -> delegate.process(request));
    }
}
