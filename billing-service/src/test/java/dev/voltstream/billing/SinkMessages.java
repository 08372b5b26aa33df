package dev.voltstream.billing;

import io.smallrye.reactive.messaging.ce.CloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Optional;

/** Reads what the outbox relay sent to the in-memory sink of its channel ({@code OutboxRelay.CHANNEL}). */
public final class SinkMessages {
    private SinkMessages() {
    }

    /** The messages whose CloudEvents id is {@code eventId}. */
    public static List<Message<String>> withEventId(InMemorySink<String> sink, String eventId) {
        return sink.received().stream()
                .filter(m -> cloudEvent(m).map(ce -> eventId.equals(ce.getId())).orElse(false))
                .<Message<String>>map(m -> m)
                .toList();
    }

    /** The CloudEvents metadata of a message. */
    public static Optional<CloudEventMetadata<?>> cloudEvent(Message<?> message) {
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof CloudEventMetadata<?> ce) {
                return Optional.of(ce);
            }
        }
        return Optional.empty();
    }

    /** The messages that go to {@code topic} (the outbox channel writes to each row's topic). */
    public static List<Message<String>> onTopic(InMemorySink<String> sink, String topic) {
        return sink.received().stream().filter(m -> topic.equals(topic(m))).<Message<String>>map(m -> m).toList();
    }

    /** The topic a message will be sent to (its Kafka metadata). */
    public static String topic(Message<?> message) {
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof OutgoingKafkaRecordMetadata<?> kafka) {
                return kafka.getTopic();
            }
        }
        return null;
    }

    /** The Kafka key a message will be sent with. */
    public static Object key(Message<?> message) {
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof OutgoingKafkaRecordMetadata<?> kafka) {
                return kafka.getKey();
            }
        }
        return null;
    }
}
