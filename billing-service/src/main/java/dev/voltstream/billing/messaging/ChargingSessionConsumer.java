package dev.voltstream.billing.messaging;

import dev.voltstream.billing.service.InvoiceService;
import dev.voltstream.billing.service.Outcome;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Topics;
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
 * Consumes charging-sessions one record at a time through the kit's {@link BatchConsumer}: a SessionCompleted becomes
 * an invoice (exactly once per session); SessionStarted and SessionProgress are known types billing skips.
 */
@ApplicationScoped
public class ChargingSessionConsumer {
    private static final EventRoutes ROUTES = EventRoutes.on(Topics.CHARGING_SESSIONS)
            .handle(EventTypes.SESSION_COMPLETED, SessionCompleted.class, InvoiceService::validate);

    private final BatchConsumer consumer;
    private final InvoiceService invoices;
    private final OutcomeMetrics metrics;
    private final OutboxRelay relay;

    public ChargingSessionConsumer(BatchConsumer consumer, InvoiceService invoices, OutcomeMetrics metrics,
                                   OutboxRelay relay) {
        this.consumer = consumer;
        this.invoices = invoices;
        this.metrics = metrics;
        this.relay = relay;
    }

    /** One record at a time, in partition order, on a worker thread (the effect is a database transaction). */
    @Incoming(Channels.CHARGING_SESSIONS_IN)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        return consumer.consumeOne(message, ROUTES,
                events -> invoices.invoiceAll(events.stream().map(SessionCompleted.class::cast).toList()),
                this::committed);
    }

    private void committed(List<Outcome> outcomes) {
        metrics.count(Topics.CHARGING_SESSIONS, outcomes);
        if (outcomes.contains(Outcome.APPLIED)) {
            relay.wake();
        }
    }
}
