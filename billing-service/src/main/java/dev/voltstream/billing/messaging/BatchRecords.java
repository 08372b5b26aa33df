package dev.voltstream.billing.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The records of a polled batch, each settled on its own. From the Kafka connector the batch is a
 * {@link KafkaRecordBatch}: each record has its own headers, and nacking one record dead-letters only that record
 * (nacking the batch would dead-letter all of them). Any other batch (another connector) is split into messages
 * that carry the batch's metadata; nacking one of them is remembered and nacks the whole batch when it is settled,
 * so a poison record is never dropped silently.
 */
final class BatchRecords {
    private final Message<List<String>> batch;
    private final List<Message<String>> records;
    private final AtomicReference<Throwable> splitNack = new AtomicReference<>();

    @SuppressWarnings("unchecked")
    BatchRecords(Message<List<String>> batch) {
        this.batch = batch;
        if (batch instanceof KafkaRecordBatch<?, ?> kafka) {
            this.records = new ArrayList<>((List<Message<String>>) (List<?>) kafka.getRecords());
        } else {
            List<String> payload = batch.getPayload() == null ? List.of() : batch.getPayload();
            this.records = new ArrayList<>(payload.size());
            for (String value : payload) {
                records.add(Message.of(value, batch.getMetadata(), () -> CompletableFuture.completedFuture(null),
                        reason -> {
                            splitNack.compareAndSet(null, reason);
                            return CompletableFuture.completedFuture(null);
                        }));
            }
        }
    }

    /** The records in poll order (per partition: offset order). */
    List<Message<String>> records() {
        return records;
    }

    /** Acknowledges the batch (commits past its last offsets), unless a split record was nacked. */
    CompletableFuture<Void> ack() {
        Throwable nacked = splitNack.get();
        return (nacked == null ? batch.ack() : batch.nack(nacked)).toCompletableFuture();
    }
}
