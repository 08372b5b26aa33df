package dev.voltstream.billing.messaging;

import dev.voltstream.billing.domain.OutboxEvent;
import dev.voltstream.contracts.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Sends one outbox row to its topic: key = the row's key, value = the stored JSON, CloudEvents binary-mode headers
 * (id, type, source, subject). The returned Uni completes when the broker acknowledged the record.
 */
@ApplicationScoped
public class OutboxPublisher {
    /** CloudEvents source of everything billing emits. */
    public static final URI SOURCE = URI.create("/voltstream/billing-service");

    private final Map<String, MutinyEmitter<String>> emitters;

    public OutboxPublisher(@Channel(Channels.INVOICES_OUT) MutinyEmitter<String> invoices,
                           @Channel(Channels.TRANSACTIONS_OUT) MutinyEmitter<String> transactions,
                           @Channel(Channels.ACCOUNT_UPDATES_OUT) MutinyEmitter<String> accountUpdates) {
        this.emitters = Map.of(Topics.INVOICES, invoices, Topics.TRANSACTIONS, transactions,
                Topics.ACCOUNT_UPDATES, accountUpdates);
    }

    /** Publishes the row; fails when the topic has no channel or the broker refused the record. */
    public Uni<Void> publish(OutboxEvent row) {
        MutinyEmitter<String> emitter = emitters.get(row.topic);
        if (emitter == null) {
            return Uni.createFrom().failure(new IllegalStateException("no channel for topic " + row.topic));
        }
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(row.eventId)
                .withType(row.type)
                .withSource(SOURCE)
                .withSubject(row.messageKey)
                .withDataContentType("application/json")
                .withTimestamp(row.createdAt.atZone(ZoneOffset.UTC))
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(row.messageKey)
                .build();
        return emitter.sendMessage(Message.of(row.payload, Metadata.of(cloudEvent, kafka)));
    }
}
