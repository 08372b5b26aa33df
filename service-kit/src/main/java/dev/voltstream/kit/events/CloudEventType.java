package dev.voltstream.kit.events;

import io.smallrye.reactive.messaging.ce.CloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.KafkaMessageMetadata;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The CloudEvents type of an incoming message: from the connector's CloudEvents metadata when it parsed the record as a
 * binary-mode cloud event, else straight from the {@code ce_type} Kafka header (present even when the connector did not
 * recognise the record as a complete CloudEvent).
 */
public final class CloudEventType {
    /** The Kafka header of the CloudEvents type in binary mode. */
    public static final String HEADER = "ce_type";

    private CloudEventType() {
    }

    /** The type, if the message carries a non-blank one. */
    public static Optional<String> of(Message<?> message) {
        // Metadata.get(Class) matches exact classes only; the connectors attach implementation subclasses.
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof CloudEventMetadata<?> ce && ce.getType() != null && !ce.getType().isBlank()) {
                return Optional.of(ce.getType());
            }
        }
        for (Object metadata : message.getMetadata()) {
            if (metadata instanceof KafkaMessageMetadata<?> kafka && kafka.getHeaders() != null) {
                Header header = kafka.getHeaders().lastHeader(HEADER);
                if (header != null && header.value() != null && header.value().length > 0) {
                    return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }
}
