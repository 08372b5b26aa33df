package dev.voltstream.billing;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A message for an in-memory source that remembers how the consumer settled it: acked, or nacked with a reason (which
 * on Kafka sends it to the dead-letter topic).
 */
public final class TrackedMessage {
    private final CompletableFuture<Void> acked = new CompletableFuture<>();
    private final CompletableFuture<Throwable> nacked = new CompletableFuture<>();
    private final Message<String> message;

    private TrackedMessage(String payload, Metadata metadata) {
        this.message = Message.of(payload, metadata, () -> {
            acked.complete(null);
            return CompletableFuture.completedFuture(null);
        }, reason -> {
            nacked.complete(reason);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** A message with CloudEvents metadata of the given type, as the Kafka connector would attach it. */
    public static TrackedMessage cloudEvent(String type, String id, String json) {
        OutgoingCloudEventMetadata<String> ce = OutgoingCloudEventMetadata.<String>builder()
                .withId(id).withType(type).withSource(URI.create("/test")).build();
        return new TrackedMessage(json, Metadata.of(ce));
    }

    /** A message without any type information. */
    public static TrackedMessage untyped(String json) {
        return new TrackedMessage(json, Metadata.empty());
    }

    public Message<String> message() {
        return message;
    }

    public boolean isAcked() {
        return acked.isDone();
    }

    public boolean isNacked() {
        return nacked.isDone();
    }

    /** Why it was nacked (null while it was not). */
    public Throwable nackReason() {
        return nacked.getNow(null);
    }
}
