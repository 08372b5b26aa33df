package dev.voltstream.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * One batch message of one record sent into an in-memory channel (the consumers take {@code Message<List<String>>}),
 * with what became of it (acked, or nacked with a reason).
 */
final class InMemoryDelivery {
    private final CompletableFuture<Void> acked = new CompletableFuture<>();
    private final CompletableFuture<Throwable> nacked = new CompletableFuture<>();

    /** Sends a JSON value with a CloudEvents type (none when type is null) into the channel. */
    static InMemoryDelivery send(InMemoryConnector connector, String channel, String type, String json) {
        InMemoryDelivery delivery = new InMemoryDelivery();
        Message<List<String>> message = Message.of(Collections.singletonList(json));
        if (type != null) {
            message = message.addMetadata(OutgoingCloudEventMetadata.builder()
                    .withId(UUID.randomUUID().toString()).withType(type).withSource(URI.create("/test")).build());
        }
        message = message
                .withAck(() -> {
                    delivery.acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    delivery.nacked.complete(failure);
                    return CompletableFuture.completedFuture(null);
                });
        connector.source(channel).send(message);
        return delivery;
    }

    /** Waits for the ack; fails if the message was nacked instead. */
    void awaitAck() throws Exception {
        CompletableFuture.anyOf(acked, nacked).get(20, TimeUnit.SECONDS);
        assertThat(nacked).as("nack of a message expected to be acked").isNotDone();
        assertThat(acked).isDone();
    }

    /** Waits for the nack and returns its reason; fails if the message was acked instead. */
    Throwable awaitNack() throws Exception {
        CompletableFuture.anyOf(acked, nacked).get(20, TimeUnit.SECONDS);
        assertThat(acked).as("ack of a message expected to be nacked").isNotDone();
        return nacked.get();
    }
}
