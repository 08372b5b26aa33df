package dev.voltstream.kit.consumer;

import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The records of a polled batch, each settled on its own. From the Kafka connector the batch is a
 * {@link KafkaRecordBatch}: each record has its own headers, and nacking one record dead-letters only that record
 * (nacking the batch would dead-letter all of them). Any other batch (the in-memory connector in tests) is split into
 * messages that carry the batch's metadata; nacking one of them is remembered and nacks the whole batch when it is
 * settled, so a poison record is never dropped silently. A record consumed on its own is a batch of one.
 */
public final class RecordBatch {
    private final List<Message<String>> records;
    private final Function<Throwable, CompletionStage<Void>> settle;
    /** Each partition's last offset in the batch ({@code topic-partition@offset}), or "" outside Kafka. */
    private Supplier<String> lastOffsets = () -> "";
    private final AtomicReference<Throwable> splitNack = new AtomicReference<>();

    private RecordBatch(List<Message<String>> records, Function<Throwable, CompletionStage<Void>> settle) {
        this.records = records;
        this.settle = settle;
    }

    /** The records of a consumed batch message. */
    @SuppressWarnings("unchecked")
    public static RecordBatch of(Message<List<String>> batch) {
        if (batch instanceof KafkaRecordBatch<?, ?> kafka) {
            RecordBatch records = new RecordBatch(new ArrayList<>((List<Message<String>>) (List<?>) kafka.getRecords()),
                    nacked -> batch.ack());
            records.lastOffsets = () -> kafka.getLatestOffsetRecords().values().stream()
                    .map(r -> r.getTopic() + "-" + r.getPartition()
                            + (r instanceof IncomingKafkaRecord<?, ?> in ? "@" + in.getOffset() : ""))
                    .sorted().collect(Collectors.joining(", "));
            return records;
        }
        List<String> payload = batch.getPayload() == null ? List.of() : batch.getPayload();
        List<Message<String>> split = new ArrayList<>(payload.size());
        RecordBatch result = new RecordBatch(split, nacked -> nacked == null ? batch.ack() : batch.nack(nacked));
        for (String value : payload) {
            split.add(Message.of(value, batch.getMetadata(), () -> CompletableFuture.completedFuture(null),
                    reason -> {
                        result.splitNack.compareAndSet(null, reason);
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        return result;
    }

    /** One record consumed on its own (a channel without {@code batch=true}): a batch of one. */
    public static RecordBatch ofOne(Message<String> record) {
        AtomicReference<Boolean> nacked = new AtomicReference<>(false);
        Message<String> tracked = record.withNack(reason -> {
            nacked.set(true);
            return record.nack(reason);
        });
        // a dead-lettered record is settled by its nack; acking it as well would settle it twice
        return new RecordBatch(List.of(tracked), ignored -> nacked.get()
                ? CompletableFuture.completedFuture(null) : record.ack());
    }

    /** Each partition's last offset in the batch, {@code topic-partition@offset, ...} ("" when not from Kafka). */
    public String lastOffsets() {
        return lastOffsets.get();
    }

    /** The records in poll order (per partition: offset order). */
    public List<Message<String>> records() {
        return records;
    }

    /** Acknowledges the batch (commits past its last offsets), unless a split record was nacked. */
    public CompletionStage<Void> ack() {
        return settle.apply(splitNack.get());
    }
}
