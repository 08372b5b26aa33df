package dev.voltstream.kit.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voltstream.contracts.EventTypes;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/** Where a record's CloudEvents type is read from. */
class CloudEventTypeTest {

    @Test
    void typeComesFromCloudEventMetadata() {
        Message<String> message = Message.of("{}").addMetadata(OutgoingCloudEventMetadata.builder()
                .withId("e-1").withType(EventTypes.FRAUD_ALERT).withSource(URI.create("/test")).build());

        assertThat(CloudEventType.of(message)).contains(EventTypes.FRAUD_ALERT);
    }

    @Test
    void typeComesFromTheRawKafkaHeaderWithoutCloudEventMetadata() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventType.HEADER, EventTypes.INVOICE_ISSUED.getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, String> record = new ConsumerRecord<>("invoices", 0, 7L, 0L,
                TimestampType.CREATE_TIME, 0, 2, "acc-1", "{}", headers, Optional.empty());
        Message<String> message = Message.of("{}").addMetadata(new IncomingKafkaRecordMetadata<>(record, "invoices"));

        assertThat(CloudEventType.of(message)).contains(EventTypes.INVOICE_ISSUED);
    }

    @Test
    void noTypeWithoutEither() {
        assertThat(CloudEventType.of(Message.of("{}"))).isEmpty();
    }
}
