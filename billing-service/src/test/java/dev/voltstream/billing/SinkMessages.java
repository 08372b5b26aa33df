package dev.voltstream.billing;

import io.smallrye.reactive.messaging.ce.CloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Optional;

/** Reads what the outbox relay sent to an in-memory sink. */
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
