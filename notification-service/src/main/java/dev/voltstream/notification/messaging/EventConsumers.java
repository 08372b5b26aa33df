package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The four consumed topics. Each method takes the whole message (for its CloudEvents metadata) and returns when it is
 * acked or nacked; SmallRye processes one message per channel at a time, so each partition stays in order.
 */
@ApplicationScoped
public class EventConsumers {
    private final EventDispatcher dispatcher;

    EventConsumers(EventDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** BalanceChanged → BALANCE_CHANGED (+ LOW_BALANCE). */
    @Incoming(Channels.ACCOUNT_UPDATES)
    public Uni<Void> onAccountUpdate(Message<String> message) {
        return dispatcher.dispatch(Topics.ACCOUNT_UPDATES, message);
    }

    /** FraudAlert → FRAUD_ALERT. */
    @Incoming(Channels.FRAUD_ALERTS)
    public Uni<Void> onFraudAlert(Message<String> message) {
        return dispatcher.dispatch(Topics.FRAUD_ALERTS, message);
    }

    /** InvoiceIssued → INVOICE_ISSUED. */
    @Incoming(Channels.INVOICES)
    public Uni<Void> onInvoice(Message<String> message) {
        return dispatcher.dispatch(Topics.INVOICES, message);
    }

    /** StationStatusChanged → station board, STATION_AVAILABLE to watchers. */
    @Incoming(Channels.STATION_STATUS)
    public Uni<Void> onStationStatus(Message<String> message) {
        return dispatcher.dispatch(Topics.STATION_STATUS, message);
    }
}
