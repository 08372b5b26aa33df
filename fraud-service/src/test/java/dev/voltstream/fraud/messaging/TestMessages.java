package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.testkit.EventJson;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Incoming test messages that record how they were acknowledged. */
final class TestMessages {
    private TestMessages() {
    }

    /** A message and the outcome of its acknowledgement: completes with null on ack, with the cause on nack. */
    record Tracked(Message<String> message, CompletableFuture<Throwable> outcome) {
    }

    static Tracked transaction(Transaction tx) {
        return withType(EventJson.write(tx), EventTypes.TRANSACTION, tx.eventId());
    }

    static Tracked withType(String payload, String type, String id) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        var ce = new DefaultIncomingCloudEventMetadata<>("1.0", id, URI.create("/test"), type, "application/json",
                null, null, null, Map.of(), payload);
        Message<String> message = Message.of(payload, Metadata.of(ce),
                () -> {
                    outcome.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    outcome.complete(failure);
                    return CompletableFuture.completedFuture(null);
                });
        return new Tracked(message, outcome);
    }
}
