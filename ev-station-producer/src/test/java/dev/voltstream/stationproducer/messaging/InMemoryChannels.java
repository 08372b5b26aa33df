package dev.voltstream.stationproducer.messaging;

import dev.voltstream.contracts.EventTypes;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;

/**
 * What the application sent to the in-memory sinks (the %test profile's connector), flattened to
 * {@link SentRecord}s: key, CloudEvents metadata and JSON payload.
 */
public final class InMemoryChannels {
    public static final List<String> ALL = List.of(Channels.STATION_STATUS, Channels.STATION_METRICS,
            Channels.CHARGING_SESSIONS, Channels.TRANSACTIONS);

    private final InMemoryConnector connector;

    public InMemoryChannels(InMemoryConnector connector) {
        this.connector = connector;
    }

    public void clear() {
        ALL.forEach(channel -> sink(channel).clear());
    }

    public List<SentRecord> sent(String channel) {
        return sink(channel).received().stream().map(m -> SentRecord.of(channel, m)).toList();
    }

    public List<SentRecord> sentAll() {
        return ALL.stream().flatMap(channel -> sent(channel).stream()).toList();
    }

    private InMemorySink<String> sink(String channel) {
        return connector.sink(channel);
    }

    /** One message as the Kafka connector would write it. */
    public record SentRecord(String channel, String key, OutgoingCloudEventMetadata<?> cloudEvent, String json) {

        static SentRecord of(String channel, Message<String> message) {
            String key = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                    .map(m -> (String) m.getKey()).orElse(null);
            OutgoingCloudEventMetadata<?> ce = message.getMetadata(OutgoingCloudEventMetadata.class).orElse(null);
            return new SentRecord(channel, key, ce, message.getPayload());
        }

        /** The record class name of the CloudEvents type, e.g. Transaction. */
        public String recordName() {
            return EventTypes.CLASSES.get(cloudEvent.getType()).getSimpleName();
        }
    }
}
