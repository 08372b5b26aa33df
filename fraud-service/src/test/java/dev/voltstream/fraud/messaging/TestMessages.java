package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.testkit.EventJson;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Incoming test messages that record how they were acknowledged. */
public final class TestMessages {
    private TestMessages() {
    }

    /** A message and the outcome of its acknowledgement: completes with null on ack, with the cause on nack. */
    public record Tracked(Message<String> message, CompletableFuture<Throwable> outcome) {
    }

    /** Sends one polled batch of {@code records}; how each was acknowledged, in order (null = acked, else the cause). */
    public static List<Throwable> sendBatch(InMemorySource<Message<List<String>>> source, Duration wait, Tracked... records) {
        source.send(TestBatch.of(Arrays.stream(records).map(Tracked::message).toList()));
        return Arrays.stream(records)
                .map(r -> r.outcome().orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).join()).toList();
    }

    public static Tracked transaction(Transaction tx) {
        return withType(EventJson.write(tx), EventTypes.TRANSACTION, tx.eventId());
    }

    public static Tracked withType(String payload, String type, String id) {
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
