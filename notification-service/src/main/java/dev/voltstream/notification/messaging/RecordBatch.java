package dev.voltstream.notification.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The records of one consumed batch, each a message with its own metadata (its CloudEvents type) and its own nack,
 * and how to acknowledge the batch as a whole.
 *
 * <p>From the Kafka connector ({@code batch=true}) the message is a {@link KafkaRecordBatch}: its records are the
 * {@code KafkaRecord}s with their own headers; nacking one hands only that record to the dead-letter strategy, and the
 * batch's ack commits up to the last record of each partition. Any other {@code Message<List<String>>} (the in-memory
 * connector in tests) is one unit: its values share its metadata, and a record's nack nacks the whole message.
 *
 * @param records the records in consumption order (per partition in offset order)
 * @param ack     acknowledges the batch; only called after its transaction committed
 */
public record RecordBatch(List<? extends Message<String>> records, Supplier<CompletionStage<Void>> ack) {

    /** The records of a consumed batch message. */
    @SuppressWarnings("unchecked")
    public static RecordBatch of(Message<List<String>> message) {
        if (message instanceof KafkaRecordBatch<?, ?> kafka) {
            KafkaRecordBatch<?, String> batch = (KafkaRecordBatch<?, String>) kafka;
            return new RecordBatch(batch.getRecords(), batch::ack);
        }
        List<Message<String>> records = message.getPayload().stream()
                .map(value -> Message.of(value, message.getMetadata()).withNack(message::nack))
                .toList();
        return new RecordBatch(records, message::ack);
    }
}
