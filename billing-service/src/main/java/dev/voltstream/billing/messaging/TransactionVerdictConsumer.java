package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.Outcome;
import dev.voltstream.billing.service.PaymentBatchService;
import dev.voltstream.billing.service.VerdictCheck;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.kit.consumer.BatchConsumer;
import dev.voltstream.kit.consumer.EventRoutes;
import dev.voltstream.kit.db.OutboxRelay;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes transaction-verdicts a polled batch at a time through the kit's {@link BatchConsumer}: all valid verdicts
 * of the batch are applied in one database transaction (an APPROVED one is posted to the ledger once, a DECLINED one
 * changes nothing), then the outbox relay is woken, the poison records are dead-lettered one by one and the batch
 * acknowledged.
 */
@ApplicationScoped
public class TransactionVerdictConsumer {
    private final EventRoutes routes;
    private final BatchConsumer consumer;
    private final PaymentBatchService payments;
    private final OutcomeMetrics metrics;
    private final OutboxRelay relay;

    public TransactionVerdictConsumer(BatchConsumer consumer, VerdictCheck check, PaymentBatchService payments,
                                      OutcomeMetrics metrics, OutboxRelay relay) {
        this.routes = EventRoutes.on(Topics.TRANSACTION_VERDICTS)
                .handle(EventTypes.TRANSACTION_VERDICT, TransactionVerdict.class, check::validate);
        this.consumer = consumer;
        this.payments = payments;
        this.metrics = metrics;
        this.relay = relay;
    }

    /** One batch at a time per consumer copy, records in partition order, on a worker thread. */
    @Incoming(Channels.TRANSACTION_VERDICTS_IN)
    @Blocking
    public CompletionStage<Void> consume(Message<List<String>> batch) {
        return consumer.consume(batch, routes,
                events -> payments.post(events.stream().map(TransactionVerdict.class::cast).toList()),
                this::committed);
    }

    private void committed(List<Outcome> outcomes) {
        metrics.count(Topics.TRANSACTION_VERDICTS, outcomes);
        if (outcomes.contains(Outcome.APPLIED)) {
            relay.wake();
        }
    }
}
