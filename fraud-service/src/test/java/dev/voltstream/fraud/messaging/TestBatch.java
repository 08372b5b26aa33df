package dev.voltstream.fraud.messaging;

import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A polled batch as the Kafka connector hands it over, made of test messages: each record nacks on its own; acking the
 * batch acks every record (as committing the batch's last offsets does) — a record nacked before keeps its nack.
 */
final class TestBatch implements KafkaRecordBatch<String, String> {
    private static final TopicPartition PARTITION = new TopicPartition(Channels.TRANSACTIONS, 0);

    private final List<KafkaRecord<String, String>> records;
    private final Metadata metadata;

    private TestBatch(List<KafkaRecord<String, String>> records, Metadata metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    static TestBatch of(List<Message<String>> messages) {
        return new TestBatch(messages.stream().<KafkaRecord<String, String>>map(Record::new).toList(),
                Metadata.empty());
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
        return records.isEmpty() ? Map.of() : Map.of(PARTITION, records.get(records.size() - 1));
    }

    @Override
    public Iterator<KafkaRecord<String, String>> iterator() {
        return records.iterator();
    }

    @Override
    public Metadata getMetadata() {
        return metadata;
    }

    @Override
    public Message<List<String>> addMetadata(Object item) {
        return new TestBatch(records, metadata.with(item));
    }

    @Override
    public Message<List<String>> withMetadata(Iterable<Object> items) {
        return new TestBatch(records, Metadata.from(items));
    }

    @Override
    public Message<List<String>> withMetadata(Metadata items) {
        return new TestBatch(records, items);
    }

    @Override
    public Function<Metadata, CompletionStage<Void>> getAckWithMetadata() {
        return m -> CompletableFuture.allOf(records.stream().map(r -> r.ack().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    @Override
    public BiFunction<Throwable, Metadata, CompletionStage<Void>> getNackWithMetadata() {
        return (cause, m) -> CompletableFuture.allOf(records.stream().map(r -> r.nack(cause).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** One record of the batch: the test message, with a key-less Kafka face. */
    private record Record(Message<String> message) implements KafkaRecord<String, String> {
        @Override
        public String getPayload() {
            return message.getPayload();
        }

        @Override
        public Metadata getMetadata() {
            return message.getMetadata();
        }

        @Override
        public Function<Metadata, CompletionStage<Void>> getAckWithMetadata() {
            return message.getAckWithMetadata();
        }

        @Override
        public BiFunction<Throwable, Metadata, CompletionStage<Void>> getNackWithMetadata() {
            return message.getNackWithMetadata();
        }

        @Override
        public String getKey() {
            return null;
        }

        @Override
        public String getTopic() {
            return Channels.TRANSACTIONS;
        }

        @Override
        public int getPartition() {
            return 0;
        }

        @Override
        public Instant getTimestamp() {
            return Instant.EPOCH;
        }

        @Override
        public Headers getHeaders() {
            return new RecordHeaders();
        }
    }
}
