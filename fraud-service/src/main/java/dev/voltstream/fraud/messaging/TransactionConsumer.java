package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.service.FraudMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code transactions} a polled batch at a time: dispatches each record on its CloudEvents type, decides the
 * batch's Transactions in one database transaction (in record order), and acknowledges the batch only after that
 * commit. A record without a ce_type is read as a Transaction (the topic carries nothing else; this keeps hand-made
 * records from kcat usable). Unknown or foreign types are counted and skipped; a poison record is nacked on its own,
 * which the dead-letter-queue failure strategy sends to {@code transactions.dlq} with the reason in headers, and the
 * rest of the batch is processed.
 */
@ApplicationScoped
public class TransactionConsumer {
    private static final Logger LOG = Logger.getLogger(TransactionConsumer.class);

    private final TransactionReader reader;
    private final RetryingDecider decider;
    private final FraudMetrics metrics;
    private final OutboxRelay relay;

    public TransactionConsumer(TransactionReader reader, RetryingDecider decider, FraudMetrics metrics,
                               OutboxRelay relay) {
        this.reader = reader;
        this.decider = decider;
        this.metrics = metrics;
        this.relay = relay;
    }

    /**
     * Ordered and blocking: one batch at a time per consumer copy ({@code concurrency}), records of a partition in
     * order, so an account's transactions are decided in order.
     */
    @Incoming(Channels.TRANSACTIONS)
    @Blocking
    public CompletionStage<Void> consume(Message<List<String>> batch) {
        List<Message<String>> records = BatchRecords.of(batch);
        List<Transaction> transactions = new ArrayList<>(records.size());
        List<Poison> poison = new ArrayList<>();
        for (Message<String> record : records) {
            Optional<String> type = CloudEventType.of(record);
            if (type.isPresent() && !EventTypes.TRANSACTION.equals(type.get())) {
                String reason = EventTypes.CLASSES.containsKey(type.get()) ? "unexpected-type" : "unknown-type";
                metrics.skipped(reason);
                LOG.warnf("skipping record of type %s on %s (%s)", type.get(), Channels.TRANSACTIONS, reason);
                continue;
            }
            try {
                transactions.add(reader.read(record.getPayload()));
            } catch (PoisonRecordException e) {
                poison.add(new Poison(record, e));
            } catch (RuntimeException e) {
                // whatever else one record's bytes can cause concerns that record alone, never its whole batch
                poison.add(new Poison(record, new PoisonRecordException("unreadable record: " + e, e)));
            }
        }
        if (!transactions.isEmpty()) {
            long start = System.nanoTime();
            try {
                decider.decideAll(transactions);
            } catch (RuntimeException e) {
                // Not a bad record: the database or the service itself failed (e.g. while shutting down).
                // Dead-lettering would lose the verdicts, so the batch stays unacknowledged: its offsets are not
                // committed, this ordered channel stops, readiness turns DOWN, and a restarted service gets it again.
                LOG.errorf(e, "cannot decide a batch of %d transactions (first %s); leaving it uncommitted for"
                        + " redelivery", transactions.size(), transactions.get(0).transactionId());
                return new CompletableFuture<>();
            }
            relay.wake();
            LOG.debugf("batch of %d records: %d transactions decided in %d ms", records.size(), transactions.size(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        // Only after the commit: a dead-lettered record counts as processed for the offset commit, and when it is
        // the batch's last record of its partition, that would commit the offsets of the whole batch.
        CompletableFuture<?>[] deadLettered = new CompletableFuture<?>[poison.size()];
        for (int i = 0; i < poison.size(); i++) {
            Poison p = poison.get(i);
            LOG.warnf("dead-lettering a poison record: %s", p.cause().getMessage());
            deadLettered[i] = p.record().nack(p.cause()).toCompletableFuture();
        }
        return CompletableFuture.allOf(deadLettered).handle((ok, failure) -> failure).thenCompose(failure -> {
            if (failure != null) {
                LOG.errorf(failure, "cannot dead-letter a poison record; leaving the batch uncommitted for"
                        + " redelivery");
                return new CompletableFuture<>();
            }
            return batch.ack();
        });
    }

    /** A record that can never be decided, and why. */
    private record Poison(Message<String> record, PoisonRecordException cause) {
    }
}
