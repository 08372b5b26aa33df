package dev.voltstream.kit.consumer;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The records of a polled batch, each settled on its own. From the Kafka connector the batch is a
 * {@link KafkaRecordBatch}: each record has its own headers, and nacking one record dead-letters only that record
 * (nacking the batch would dead-letter all of them). Any other batch (the in-memory connector in tests) is split into
 * messages that carry the batch's metadata; nacking one of them is remembered and nacks the whole batch when it is
 * settled, so a poison record is never dropped silently.
 */
public final class RecordBatch {
    private final Message<List<String>> batch;
    private final List<Message<String>> records;
    private final AtomicReference<Throwable> splitNack = new AtomicReference<>();

    @SuppressWarnings("unchecked")
    private RecordBatch(Message<List<String>> batch) {
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

    /** The records of a consumed batch message. */
    public static RecordBatch of(Message<List<String>> batch) {
        return new RecordBatch(batch);
    }

    /** The records in poll order (per partition: offset order). */
    public List<Message<String>> records() {
        return records;
    }

    /** Acknowledges the batch (commits past its last offsets), unless a split record was nacked. */
    public CompletionStage<Void> ack() {
        Throwable nacked = splitNack.get();
        return nacked == null ? batch.ack() : batch.nack(nacked);
    }
}
