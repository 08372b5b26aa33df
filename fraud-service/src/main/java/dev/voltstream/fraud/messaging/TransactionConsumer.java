package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.service.FraudMetrics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code transactions}: dispatches on the CloudEvents type, decides each Transaction once, and acknowledges
 * only after the decision has committed. A record without a ce_type is read as a Transaction (the topic carries
 * nothing else; this keeps hand-made records from kcat usable). Unknown or foreign types are counted and skipped;
 * poison records are nacked, which the dead-letter-queue failure strategy sends to {@code transactions.dlq} with the
 * reason in headers.
 */
@ApplicationScoped
public class TransactionConsumer {
    private static final Logger LOG = Logger.getLogger(TransactionConsumer.class);

    private final TransactionReader reader;
    private final RetryingDecider decider;
    private final FraudMetrics metrics;

    public TransactionConsumer(TransactionReader reader, RetryingDecider decider, FraudMetrics metrics) {
        this.reader = reader;
        this.decider = decider;
        this.metrics = metrics;
    }

    /** Ordered and blocking: one record at a time per channel, so an account's transactions are decided in order. */
    @Incoming(Channels.TRANSACTIONS)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        Optional<String> type = CloudEventType.of(message);
        if (type.isPresent() && !EventTypes.TRANSACTION.equals(type.get())) {
            String reason = EventTypes.CLASSES.containsKey(type.get()) ? "unexpected-type" : "unknown-type";
            metrics.skipped(reason);
            LOG.warnf("skipping record of type %s on %s (%s)", type.get(), Channels.TRANSACTIONS, reason);
            return message.ack();
        }
        Transaction tx;
        try {
            tx = reader.read(message.getPayload());
        } catch (PoisonRecordException e) {
            LOG.warnf("dead-lettering a poison record: %s", e.getMessage());
            return message.nack(e);
        }
        try {
            decider.decide(tx);
        } catch (RuntimeException e) {
            // Not a bad record: the database or the service itself failed (e.g. while shutting down). Dead-lettering
            // would lose the transaction's verdict, so the record stays unacknowledged: its offset is not committed,
            // this ordered channel stops, readiness turns DOWN, and a restarted service gets the record again.
            LOG.errorf(e, "cannot decide transaction %s; leaving it uncommitted for redelivery", tx.transactionId());
            return new java.util.concurrent.CompletableFuture<>();
        }
        return message.ack();
    }
}
