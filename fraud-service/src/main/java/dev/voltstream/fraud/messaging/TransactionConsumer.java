package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.service.FraudMetrics;
import dev.voltstream.fraud.service.Outcome;
import dev.voltstream.fraud.service.TransactionDecider;
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
 * Consumes {@code transactions} a polled batch at a time through the kit's {@link BatchConsumer}: the batch's
 * Transactions are decided in one database transaction (in record order), then the outbox relay is woken, the
 * poison records dead-lettered to {@code transactions.dlq} one by one and the batch acknowledged. Ordered and
 * blocking: one batch at a time per consumer copy ({@code concurrency}), so an account's transactions are decided in
 * order.
 */
@ApplicationScoped
public class TransactionConsumer {
    private static final EventRoutes ROUTES = EventRoutes.on(Topics.TRANSACTIONS)
            .handle(EventTypes.TRANSACTION, Transaction.class, TransactionReader::validate);

    private final BatchConsumer batches;
    private final TransactionDecider decider;
    private final FraudMetrics metrics;
    private final OutboxRelay relay;

    public TransactionConsumer(BatchConsumer batches, TransactionDecider decider, FraudMetrics metrics,
                               OutboxRelay relay) {
        this.batches = batches;
        this.decider = decider;
        this.metrics = metrics;
        this.relay = relay;
    }

    @Incoming(Channels.TRANSACTIONS)
    @Blocking
    public CompletionStage<Void> consume(Message<List<String>> batch) {
        return batches.consume(batch, ROUTES,
                events -> decider.decideAll(events.stream().map(Transaction.class::cast).toList()),
                this::committed);
    }

    private void committed(List<Outcome> outcomes) {
        metrics.decided(outcomes);
        relay.wake();
    }
}
