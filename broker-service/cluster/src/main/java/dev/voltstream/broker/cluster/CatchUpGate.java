package dev.voltstream.broker.cluster;

import java.util.ArrayDeque;
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
    private final Object lock = new Object();
    /** The held requests, in arrival order (a CompletableFuture's dependents would run last-in first-out). */
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    private volatile boolean open;

    public CatchUpGate(RequestProcessor delegate) {
        this.delegate = delegate;
    }

    /** Opens the gate: held requests run now, in arrival order (also those arriving meanwhile), later ones straight. */
    public void open() {
        while (true) {
            Runnable next;
            synchronized (lock) {
                next = held.poll();
                if (next == null) {
                    open = true;
                    return;
                }
            }
            next.run();
        }
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        if (!open) {
            synchronized (lock) {
                if (!open) {
                    CompletableFuture<ApiMessage> result = new CompletableFuture<>();
                    held.add(() -> {
                        try {
                            delegate.process(request).whenComplete((r, e) -> {
                                if (e != null) {
                                    result.completeExceptionally(e);
                                } else {
                                    result.complete(r);
                                }
                            });
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    });
                    return result;
                }
            }
        }
        return delegate.process(request);
    }
}
