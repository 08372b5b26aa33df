package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.Topics;
import dev.voltstream.fraud.domain.OutboxEvent;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends one outbox row to its topic: key = the row's key, value = its JSON, CloudEvents binary-mode headers (ce_id =
 * the event id, ce_type, ce_source, ce_subject = key). The returned stage completes when the broker acknowledged.
 */
@ApplicationScoped
public class EventPublisher {
    private static final URI SOURCE = URI.create(Channels.SOURCE);

    @Inject
    @Channel(Channels.VERDICTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> verdicts;

    @Inject
    @Channel(Channels.ALERTS)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> alerts;

    public CompletionStage<Void> publish(OutboxEvent row) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(row.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.key).build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.eventId)
                        .withType(row.type)
                        .withSource(SOURCE)
                        .withSubject(row.key)
                        .withDataContentType("application/json")
                        .withTimestamp(row.createdAt.atZone(ZoneOffset.UTC))
                        .build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        emitterFor(row.topic).send(message);
        return acked;
    }

    private Emitter<String> emitterFor(String topic) {
        return switch (topic) {
            case Topics.TRANSACTION_VERDICTS -> verdicts;
            case Topics.FRAUD_ALERTS -> alerts;
            default -> throw new IllegalStateException("no channel for outbox topic " + topic);
        };
    }
}
