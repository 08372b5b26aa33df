package dev.voltstream.billing;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A polled batch for an in-memory source, shaped like the Kafka connector's: a {@link KafkaRecordBatch} whose records
 * can be nacked one by one. Acknowledging the batch acknowledges every record that was not nacked (on Kafka: the
 * offsets are committed past the batch), so a test waits for {@link TrackedMessage#isAcked()} as for one record.
 */
public final class TrackedBatch implements KafkaRecordBatch<String, String> {
    private final List<TrackedMessage> tracked;
    private final List<KafkaRecord<String, String>> records;
    private final CompletableFuture<Void> acked = new CompletableFuture<>();

    private TrackedBatch(List<TrackedMessage> tracked) {
        this.tracked = tracked;
        this.records = tracked.stream().<KafkaRecord<String, String>>map(t -> KafkaRecord.from(t.message())).toList();
    }

    /** Sends the messages as one batch to the source. */
    public static TrackedBatch send(InMemorySource<Message<List<String>>> source, TrackedMessage... messages) {
        TrackedBatch batch = new TrackedBatch(Arrays.asList(messages));
        source.send(batch);
        return batch;
    }

    public boolean isAcked() {
        return acked.isDone();
    }

    @Override
    public List<String> getPayload() {
        return records.stream().map(Message::getPayload).toList();
    }

    @Override
    public List<KafkaRecord<String, String>> getRecords() {
        return records;
    }

    @Override
    public Map<TopicPartition, KafkaRecord<String, String>> getLatestOffsetRecords() {
        return Map.of();
    }

    @Override
    public Iterator<KafkaRecord<String, String>> iterator() {
        return records.iterator();
    }

    @Override
    public Metadata getMetadata() {
        return Metadata.empty();
    }

    @Override
    public Function<Metadata, CompletionStage<Void>> getAckWithMetadata() {
        return this::ack;
    }

    @Override
    public BiFunction<Throwable, Metadata, CompletionStage<Void>> getNackWithMetadata() {
        return this::nack;
    }

    @Override
    public CompletionStage<Void> ack(Metadata metadata) {
        tracked.stream().filter(t -> !t.isNacked()).forEach(t -> t.message().ack());
        acked.complete(null);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> nack(Throwable reason, Metadata metadata) {
        tracked.forEach(t -> t.message().nack(reason));
        return CompletableFuture.completedFuture(null);
    }
}
