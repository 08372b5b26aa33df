package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.notification.service.EventOutcome;
import dev.voltstream.notification.service.LiveFeed;
import dev.voltstream.notification.service.NotificationRecorder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Processes one consumed batch off the event loop (database work blocks), the records in their order:
 * <ol>
 * <li>reads each record: its CloudEvents type picks the event class, its JSON value is parsed and checked. A poison
 * record (no type, not JSON, not the event its type says, a required field missing) is set aside; an unknown or
 * unhandled type is counted ({@code voltstream_events_skipped_total{reason}}) and skipped;</li>
 * <li>records all the events in one transaction ({@link NotificationRecorder#record}); a failure there (the database
 * is away) retries the whole batch with back-off, so an outage delays records instead of dead-lettering them;</li>
 * <li>after the commit: pushes the outcomes live, nacks each poison record on its own — the Kafka connector's
 * dead-letter-queue strategy writes it to {@code <topic>.dlq} with the reason — and then acks the batch (unless every
 * record of it was nacked), which commits its offsets.</li>
 * </ol>
 * If the transaction keeps failing, nothing is acked: the offsets stay uncommitted and a restarted service gets the
 * batch again (processed_event dedupes).
 */
@ApplicationScoped
public class BatchProcessor {
    private static final Logger LOG = Logger.getLogger(BatchProcessor.class);
    private static final int TRANSIENT_RETRIES = 8;

    private final EventReader reader;
    private final NotificationRecorder recorder;
    private final LiveFeed liveFeed;
    private final EventCounters counters;

    BatchProcessor(EventReader reader, NotificationRecorder recorder, LiveFeed liveFeed, EventCounters counters) {
        this.reader = reader;
        this.recorder = recorder;
        this.liveFeed = liveFeed;
        this.counters = counters;
    }

    /** A poison record and why it cannot be processed. */
    private record Poison(Message<String> record, PoisonRecordException reason) {
    }

    /** A batch after reading: its events in record order, and its poison records. */
    private record ReadBatch(List<Event> events, List<Poison> poison) {
    }

    /** A batch whose events are committed, with what each changed. */
    private record Recorded(ReadBatch read, List<EventOutcome> outcomes) {
    }

    /** Processes the batch of a topic and completes once it is acked (or its poison records nacked). */
    public Uni<Void> process(String topic, RecordBatch batch) {
        return Uni.createFrom().item(() -> read(topic, batch))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(read -> record(read).map(outcomes -> new Recorded(read, outcomes)))
                .onItemOrFailure().transformToUni((recorded, failure) -> {
                    if (failure != null) {
                        // Not a bad record: the database or the service failed (e.g. while shutting down).
                        // Dead-lettering would lose notifications, so the batch stays unacknowledged.
                        LOG.errorf(failure, "Cannot process a batch of %d records of %s; leaving it uncommitted"
                                + " for redelivery", batch.records().size(), topic);
                        return Uni.createFrom().nothing();
                    }
                    LOG.debugf("Recorded a batch of %d records of %s: %d events, %d poison", batch.records().size(),
                            topic, recorded.read().events().size(), recorded.read().poison().size());
                    liveFeed.publish(recorded.outcomes());
                    counters.created(recorded.outcomes());
                    return Uni.createFrom().completionStage(() -> settle(topic, batch, recorded.read()));
                });
    }

    private ReadBatch read(String topic, RecordBatch batch) {
        List<Event> events = new ArrayList<>(batch.records().size());
        List<Poison> poison = new ArrayList<>();
        for (Message<String> record : batch.records()) {
            try {
                readOne(topic, record).ifPresent(events::add);
            } catch (PoisonRecordException e) {
                poison.add(new Poison(record, e));
            }
        }
        return new ReadBatch(events, poison);
    }

    private Optional<Event> readOne(String topic, Message<String> record) {
        String type = CloudEventType.of(record)
                .orElseThrow(() -> new PoisonRecordException("no " + CloudEventType.HEADER + " header"));
        Optional<Class<? extends Event>> eventClass = EventRoutes.forType(type);
        if (eventClass.isEmpty()) {
            String reason = EventTypes.CLASSES.containsKey(type) ? "unhandled-type" : "unknown-type";
            LOG.infof("Skipping a record of %s with %s %s (%s)", topic, CloudEventType.HEADER, type, reason);
            counters.skipped(reason, topic);
            return Optional.empty();
        }
        return Optional.of(reader.read(record.getPayload(), eventClass.get()));
    }

    private Uni<List<EventOutcome>> record(ReadBatch read) {
        if (read.events().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.createFrom().item(() -> recorder.record(read.events()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5))
                .atMost(TRANSIENT_RETRIES);
    }

    /** Nacks the poison records one after the other, then acks the batch unless all of it was nacked. */
    private CompletionStage<Void> settle(String topic, RecordBatch batch, ReadBatch read) {
        CompletionStage<Void> done = CompletableFuture.completedFuture(null);
        for (Poison p : read.poison()) {
            done = done.thenCompose(ignored -> {
                LOG.warnf("Dead-lettering a record of %s: %s", topic, p.reason().getMessage());
                counters.rejected(topic);
                return p.record().nack(p.reason());
            });
        }
        boolean allNacked = read.poison().size() == batch.records().size();
        return allNacked ? done : done.thenCompose(ignored -> batch.ack().get());
    }
}
