package dev.voltstream.fraud.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;

/** The records of a consumed batch, each a message of its own (headers, ack, nack). */
final class BatchRecords {
    private BatchRecords() {
    }

    /**
     * The Kafka connector's records (each with its own headers, and a nack that dead-letters that record alone). A
     * batch from another connector has no per-record messages: its payloads come with the batch's metadata, and a
     * record's nack nacks the whole batch.
     */
    @SuppressWarnings("unchecked")
    static List<Message<String>> of(Message<List<String>> batch) {
        if (batch instanceof KafkaRecordBatch<?, ?> kafka) {
            return (List<Message<String>>) (List<?>) kafka.getRecords();
        }
        List<Message<String>> records = new ArrayList<>(batch.getPayload().size());
        for (String payload : batch.getPayload()) {
            records.add(Message.of(payload, batch.getMetadata()).withNack(batch::nack));
        }
        return records;
    }
}
