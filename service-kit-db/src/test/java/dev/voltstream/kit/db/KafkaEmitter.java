package dev.voltstream.kit.db;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The test's stand-in for the SmallRye Kafka connector behind the outbox channel: each message goes to the topic and
 * key its Kafka metadata names through a plain (non-transactional) producer, acked or nacked on the broker's answer.
 */
final class KafkaEmitter implements Emitter<String> {
    private final Producer<String, String> producer;

    KafkaEmitter(Producer<String, String> producer) {
        this.producer = producer;
    }

    @Override
    public <M extends Message<? extends String>> void send(M message) {
        OutgoingKafkaRecordMetadata<?> kafka = null;
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof OutgoingKafkaRecordMetadata<?> found) {
                kafka = found;
            }
        }
        if (kafka == null) {
            throw new IllegalArgumentException("no Kafka metadata on " + message);
        }
        producer.send(new ProducerRecord<>(kafka.getTopic(), (String) kafka.getKey(), message.getPayload()),
                (metadata, failure) -> {
                    if (failure == null) {
                        message.ack();
                    } else {
                        message.nack(failure);
                    }
                });
    }

    @Override
    public CompletionStage<Void> send(String payload) {
        throw new UnsupportedOperationException("the outbox sends messages with metadata");
    }

    @Override
    public void complete() {
    }

    @Override
    public void error(Exception e) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean hasRequests() {
        return true;
    }
}
