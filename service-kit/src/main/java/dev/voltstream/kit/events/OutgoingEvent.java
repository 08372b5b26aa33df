package dev.voltstream.kit.events;

import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One event on its way to a topic, as every Voltstream service writes it: value = the event's JSON, Kafka key =
 * {@code key}, CloudEvents binary-mode headers ({@code ce_id} = the event id, {@code ce_type}, {@code ce_source},
 * {@code ce_subject} = the key, {@code ce_time}, content type JSON).
 *
 * @param eventId the CloudEvents id (the event's own id: deterministic, so a re-publish is a recognisable duplicate)
 * @param type    the CloudEvents type ({@code dev.voltstream.contracts.EventTypes})
 * @param source  the CloudEvents source, e.g. {@code /voltstream/fraud-service}
 * @param key     the Kafka record key (and CloudEvents subject)
 * @param json    the value
 * @param time    the CloudEvents time
 */
public record OutgoingEvent(String eventId, String type, URI source, String key, String json, Instant time) {

    /**
     * Sends the event through {@code emitter}; the stage completes when the broker acknowledged the record and fails
     * when it was refused (or the emitter would not take it: buffer full, channel closed).
     */
    public CompletionStage<Void> sendThrough(Emitter<String> emitter) {
        return sendThrough(emitter, null);
    }

    /**
     * Sends the event to {@code topic} through {@code emitter} (a channel that writes to several topics: the record's
     * metadata names the topic, over the channel's own); {@code null} = the channel's topic.
     */
    public CompletionStage<Void> sendThrough(Emitter<String> emitter, String topic) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> kafka =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (topic != null) {
            kafka.withTopic(topic);
        }
        Message<String> message = Message.of(json, Metadata.of(
                        kafka.build(),
                        OutgoingCloudEventMetadata.<String>builder()
                                .withId(eventId)
                                .withType(type)
                                .withSource(source)
                                .withSubject(key)
                                .withDataContentType("application/json")
                                .withTimestamp(time.atZone(ZoneOffset.UTC))
                                .build()),
                () -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException overflowOrClosed) {
            acked.completeExceptionally(overflowOrClosed);
        }
        return acked;
    }

    /**
     * The event as a plain Kafka record to {@code topic} (for a producer of its own, e.g. a transactional one), with
     * the same CloudEvents binary-mode headers the connector writes for {@link #sendThrough}.
     */
    public ProducerRecord<String, String> toRecord(String topic) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", eventId);
        header(headers, "ce_type", type);
        header(headers, "ce_source", source.toString());
        header(headers, "content-type", "application/json");
        header(headers, "ce_subject", key);
        header(headers, "ce_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atZone(ZoneOffset.UTC)));
        return new ProducerRecord<>(topic, null, key, json, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
