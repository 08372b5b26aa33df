package dev.voltstream.fraud.messaging;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads the CloudEvents type of an incoming message: the parsed CloudEvent metadata, else the raw ce_type header. */
public final class CloudEventType {
    /** The Kafka header of the CloudEvents type in binary mode. */
    public static final String HEADER = "ce_type";

    private CloudEventType() {
    }

    @SuppressWarnings("rawtypes")
    public static Optional<String> of(Message<?> message) {
        Optional<IncomingCloudEventMetadata> ce = message.getMetadata(IncomingCloudEventMetadata.class);
        if (ce.isPresent() && ce.get().getType() != null) {
            return Optional.of(ce.get().getType());
        }
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(kafka -> kafka.getHeaders().lastHeader(HEADER))
                .map(Header::value)
                .map(value -> new String(value, StandardCharsets.UTF_8));
    }
}
