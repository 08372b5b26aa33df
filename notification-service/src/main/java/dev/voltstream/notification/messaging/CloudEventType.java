package dev.voltstream.notification.messaging;

import io.smallrye.reactive.messaging.ce.CloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Finds a message's CloudEvents type. */
public final class CloudEventType {
    /** The Kafka header of the type in CloudEvents binary mode. */
    public static final String HEADER = "ce_type";

    private CloudEventType() {
    }

    /**
     * The type from the connector's CloudEvents metadata, else from the raw {@code ce_type} Kafka header (present
     * even when the connector did not recognise the record as a complete CloudEvent).
     */
    public static Optional<String> of(Message<?> message) {
        // Metadata.get(Class) matches exact classes only; the connectors attach implementation subclasses.
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof CloudEventMetadata<?> ce && ce.getType() != null) {
                return Optional.of(ce.getType());
            }
        }
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof IncomingKafkaRecordMetadata<?, ?> kafka) {
                Header header = kafka.getHeaders().lastHeader(HEADER);
                if (header != null && header.value() != null) {
                    return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }
}
