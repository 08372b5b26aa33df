package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.InvalidEventException;
import dev.voltstream.billing.service.Outcome;
import dev.voltstream.billing.service.PaymentBatchService;
import dev.voltstream.billing.service.VerdictCheck;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.TransactionVerdict;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes transaction-verdicts a polled batch at a time: an APPROVED verdict is posted to the ledger once, a
 * DECLINED one changes nothing. Records that cannot be read or make no sense are nacked one by one (the connector
 * dead-letters each with its reason), unknown types are counted and skipped, and all valid verdicts of the batch are
 * applied in one database transaction, retried as a whole when it fails (the database away, a lost race with the
 * other consumer copy). Only after that transaction committed are the poison records nacked, the outbox relay woken
 * and the batch acknowledged; if the transaction keeps failing, the batch stays unacknowledged and is redelivered
 * after a restart (processed events make that safe).
 */
@ApplicationScoped
public class TransactionVerdictConsumer {
    private static final Logger LOG = Logger.getLogger(TransactionVerdictConsumer.class);
    private static final String TOPIC = Topics.TRANSACTION_VERDICTS;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final EventReader reader;
    private final VerdictCheck check;
    private final PaymentBatchService payments;
    private final RetryPolicy retry;
    private final ConsumerMetrics metrics;
    private final EventDispatcher dispatcher;
    private final OutboxRelay relay;

    public TransactionVerdictConsumer(EventReader reader, VerdictCheck check, PaymentBatchService payments,
                                      RetryPolicy retry, ConsumerMetrics metrics, EventDispatcher dispatcher,
                                      OutboxRelay relay) {
        this.reader = reader;
        this.check = check;
        this.payments = payments;
        this.retry = retry;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
        this.relay = relay;
    }

    /** One batch at a time per consumer copy, records in partition order, on a worker thread. */
    @Incoming(Channels.TRANSACTION_VERDICTS_IN)
    @Blocking
    public CompletionStage<Void> consume(Message<List<String>> batch) {
        BatchRecords records = new BatchRecords(batch);
        List<TransactionVerdict> verdicts = new ArrayList<>();
        List<Message<String>> poison = new ArrayList<>();
        List<RuntimeException> reasons = new ArrayList<>();
        for (Message<String> record : records.records()) {
            try {
                read(record).ifPresent(verdicts::add);
            } catch (PoisonRecordException | InvalidEventException e) {
                poison.add(record);
                reasons.add(e);
            }
        }
        long start = System.nanoTime();
        long cpuStart = LOG.isDebugEnabled() ? CPU.getCurrentThreadCpuTime() : 0;
        List<Outcome> outcomes;
        try {
            outcomes = verdicts.isEmpty() ? List.of()
                    : retry.run(() -> payments.post(verdicts), InvalidEventException.class);
        } catch (RuntimeException e) {
            // Not a bad record: the database or the service failed (e.g. while shutting down). The batch stays
            // unacknowledged: its offsets are not committed, readiness turns DOWN once it is overdue, and a
            // restarted service gets it again. The poison records are not dead-lettered yet either.
            metrics.consumed(TOPIC, "left-for-redelivery", records.records().size());
            LOG.errorf(e, "cannot apply a batch of %d records of %s; leaving it uncommitted for redelivery",
                    records.records().size(), TOPIC);
            return new CompletableFuture<>();
        }
        if (outcomes.contains(Outcome.APPLIED)) {
            relay.wake();
        }
        count(outcomes);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("batch committed: records=%d verdicts=%d applied=%d poison=%d in %d ms (%d ms cpu)",
                    records.records().size(), verdicts.size(), outcomes.stream().filter(Outcome.APPLIED::equals).count(),
                    poison.size(), (System.nanoTime() - start) / 1_000_000,
                    (CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
        }
        List<CompletableFuture<Void>> nacks = new ArrayList<>(poison.size());
        for (int i = 0; i < poison.size(); i++) {
            nacks.add(dispatcher.poison(poison.get(i), TOPIC, reasons.get(i)).toCompletableFuture());
        }
        // acknowledge only once every poison record reached the dead-letter topic: acking the batch commits past it
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture.allOf(nacks.toArray(CompletableFuture[]::new)).thenCompose(v -> records.ack())
                .whenComplete((v, e) -> {
                    if (e == null) {
                        settled.complete(null);
                    } else {
                        // the dead-letter topic did not take a record: keep the batch uncommitted rather than lose it
                        LOG.errorf(e, "cannot settle a batch of %s; leaving it uncommitted for redelivery", TOPIC);
                    }
                });
        return settled;
    }

    /** The record's verdict, validated; empty for a type billing does not know (counted and skipped). */
    private Optional<TransactionVerdict> read(Message<String> record) {
        Optional<String> type = CloudEventType.of(record);
        if (type.isEmpty()) {
            throw new PoisonRecordException(CloudEventType.MISSING, null);
        }
        if (!EventTypes.TRANSACTION_VERDICT.equals(type.get())) {
            dispatcher.skip(TOPIC, type.get(), null);
            return Optional.empty();
        }
        return Optional.of(check.validate(reader.read(record.getPayload(), TransactionVerdict.class)));
    }

    private void count(List<Outcome> outcomes) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        counts.forEach((outcome, n) -> metrics.consumed(TOPIC, outcome.name().toLowerCase(), n));
    }
}
