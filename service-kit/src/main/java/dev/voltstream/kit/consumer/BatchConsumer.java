package dev.voltstream.kit.consumer;

import dev.voltstream.contracts.Event;
import dev.voltstream.kit.events.CloudEventType;
import dev.voltstream.kit.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Consumes one polled batch (call it from a {@code @Blocking} {@code @Incoming} method: one batch at a time per
 * channel copy keeps each partition in order):
 * <ol>
 * <li>reads every record by its CloudEvents type ({@link EventRoutes}). One policy in every service: a record with no
 * {@code ce_type} ({@code missing-type}) or a type that is not one of the system's ({@code unknown-type}) is a poison
 * record, as is one whose value is not the event its type says or fails the route's validator ({@code poison}); a
 * known type the consumer does not handle is skipped and counted;</li>
 * <li>applies the batch's events, in record order, with {@code transaction} (one database transaction), retried by
 * {@link RetryPolicy}. If it keeps failing the batch is left unacknowledged: not a bad record but the database or the
 * service failing, and dead-lettering would lose the effects; the offsets stay uncommitted, this ordered channel stops,
 * and a restarted service gets the batch again (the effects are idempotent);</li>
 * <li>after the commit: {@code afterCommit} (wake the outbox relay, push live updates, count), then each poison record
 * is nacked on its own — the Kafka connector's {@code dead-letter-queue} failure strategy writes it to
 * {@code <topic>.dlq} with the reason in its {@code dead-letter-reason} header — and once all of them are there the
 * batch is acknowledged, which commits its offsets (the dead-lettered records' included). Nacking before the commit
 * could commit the offsets of records whose effects are not stored yet.</li>
 * </ol>
 */
@ApplicationScoped
public class BatchConsumer {
    /** Dead-letter reason of a record without a type. */
    public static final String MISSING_TYPE = "record has no " + CloudEventType.HEADER + " header";
    private static final Logger LOG = Logger.getLogger(BatchConsumer.class);

    private final EventCodec codec;
    private final RetryPolicy retry;
    private final ConsumerMetrics metrics;

    public BatchConsumer(EventCodec codec, RetryPolicy retry, ConsumerMetrics metrics) {
        this.codec = codec;
        this.retry = retry;
        this.metrics = metrics;
    }

    /**
     * Consumes {@code batch}; the returned stage completes once the batch is acknowledged, and never when it is left
     * for redelivery.
     *
     * @param transaction applies the handled events (in record order) in one transaction; not called when there are none
     * @param afterCommit runs with the transaction's result once it committed
     */
    public <R> CompletionStage<Void> consume(Message<List<String>> batch, EventRoutes routes,
                                             Function<List<Event>, R> transaction, Consumer<R> afterCommit) {
        return consume(RecordBatch.of(batch), routes, transaction, afterCommit);
    }

    /**
     * Consumes one record of a channel without {@code batch=true}, exactly as a batch of one (the transaction gets a
     * list of at most one event).
     */
    public <R> CompletionStage<Void> consumeOne(Message<String> record, EventRoutes routes,
                                                Function<List<Event>, R> transaction, Consumer<R> afterCommit) {
        return consume(RecordBatch.ofOne(record), routes, transaction, afterCommit);
    }

    private <R> CompletionStage<Void> consume(RecordBatch records, EventRoutes routes,
                                              Function<List<Event>, R> transaction, Consumer<R> afterCommit) {
        List<Event> events = new ArrayList<>(records.records().size());
        List<Poison> poison = new ArrayList<>();
        for (Message<String> record : records.records()) {
            try {
                Event event = read(record, routes);
                if (event != null) {
                    events.add(event);
                }
            } catch (Rejected e) {
                poison.add(new Poison(record, e.metricReason, e.cause));
            }
        }
        if (!events.isEmpty()) {
            R result;
            try {
                result = retry.run("a batch of " + events.size() + " events of " + routes.topic(),
                        () -> transaction.apply(events));
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot apply a batch of %d records of %s; leaving it uncommitted for redelivery",
                        records.records().size(), routes.topic());
                return new CompletableFuture<>();
            }
            afterCommit.accept(result);
        }
        return settle(records, routes.topic(), poison);
    }

    /** The record's event; null when its type is skipped on purpose; {@link Rejected} for a poison record. */
    private Event read(Message<String> record, EventRoutes routes) {
        String type = CloudEventType.of(record).orElse(null);
        if (type == null) {
            throw new Rejected("missing-type", new PoisonRecordException(MISSING_TYPE));
        }
        EventRoutes.Route<?> route = routes.route(type);
        if (route == null) {
            if (!routes.known(type)) {
                throw new Rejected("unknown-type", new PoisonRecordException("unknown " + CloudEventType.HEADER + " "
                        + abbreviate(type)));
            }
            metrics.skipped(routes.topic(), type);
            LOG.debugf("skipped a record of %s of type %s (not handled here)", routes.topic(), type);
            return null;
        }
        try {
            return readAs(record.getPayload(), route);
        } catch (PoisonRecordException e) {
            throw new Rejected("poison", e);
        } catch (RuntimeException e) {
            // whatever else one record's bytes can cause concerns that record alone, never its whole batch
            throw new Rejected("poison", new PoisonRecordException("unreadable record: " + e, e));
        }
    }

    private <E extends Event> E readAs(String json, EventRoutes.Route<E> route) {
        E event = codec.read(json, route.eventClass());
        route.validator().accept(event);
        return event;
    }

    /** Nacks the poison records (each dead-lettered alone), then acknowledges the batch once all of them are out. */
    private CompletionStage<Void> settle(RecordBatch records, String topic, List<Poison> poison) {
        CompletableFuture<?>[] nacks = new CompletableFuture<?>[poison.size()];
        for (int i = 0; i < poison.size(); i++) {
            Poison p = poison.get(i);
            metrics.deadLettered(topic, p.metricReason());
            LOG.warnf("dead-lettering a record of %s: %s", topic, p.reason().getMessage());
            nacks[i] = p.record().nack(p.reason()).toCompletableFuture();
        }
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture.allOf(nacks).thenCompose(v -> records.ack()).whenComplete((v, failure) -> {
            if (failure == null) {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("acknowledged a batch of %d records of %s up to %s", records.records().size(), topic,
                            records.lastOffsets());
                }
                settled.complete(null);
            } else {
                // the dead-letter topic did not take a record: keep the batch uncommitted rather than lose it
                LOG.errorf(failure, "cannot settle a batch of %s; leaving it uncommitted for redelivery", topic);
            }
        });
        return settled;
    }

    /** A hostile producer's type goes into a log line and a header: keep it short. */
    private static String abbreviate(String type) {
        return type.length() <= 200 ? type : type.substring(0, 200) + "…";
    }

    /** A record that can never be processed, why, and the metric's reason tag. */
    private record Poison(Message<String> record, String metricReason, PoisonRecordException reason) {
    }

    /** Carries a poison record's reason out of {@link #read}. */
    private static final class Rejected extends RuntimeException {
        final String metricReason;
        final PoisonRecordException cause;

        Rejected(String metricReason, PoisonRecordException cause) {
            super(cause.getMessage(), null, false, false);
            this.metricReason = metricReason;
            this.cause = cause;
        }
    }
}
