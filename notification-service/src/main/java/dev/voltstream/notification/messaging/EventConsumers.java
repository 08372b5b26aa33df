package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.Topics;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The four consumed topics, each consumed in batches ({@code batch=true}: up to {@code max.poll.records} records per
 * poll). Each method takes the whole batch message (for the records' CloudEvents metadata) and returns when it is
 * acked; blocking (database work) and ordered, SmallRye processes one batch per channel copy at a time, so each
 * partition stays in order.
 */
@ApplicationScoped
public class EventConsumers {
    private final BatchProcessor processor;

    EventConsumers(BatchProcessor processor) {
        this.processor = processor;
    }

    /** BalanceChanged → BALANCE_CHANGED (+ LOW_BALANCE). */
    @Blocking
    @Incoming(Channels.ACCOUNT_UPDATES)
    public CompletionStage<Void> onAccountUpdates(Message<List<String>> batch) {
        return processor.process(Topics.ACCOUNT_UPDATES, batch);
    }

    /** FraudAlert → FRAUD_ALERT. */
    @Blocking
    @Incoming(Channels.FRAUD_ALERTS)
    public CompletionStage<Void> onFraudAlerts(Message<List<String>> batch) {
        return processor.process(Topics.FRAUD_ALERTS, batch);
    }

    /** InvoiceIssued → INVOICE_ISSUED. */
    @Blocking
    @Incoming(Channels.INVOICES)
    public CompletionStage<Void> onInvoices(Message<List<String>> batch) {
        return processor.process(Topics.INVOICES, batch);
    }

    /** StationStatusChanged → station board, STATION_AVAILABLE to watchers. */
    @Blocking
    @Incoming(Channels.STATION_STATUS)
    public CompletionStage<Void> onStationStatus(Message<List<String>> batch) {
        return processor.process(Topics.STATION_STATUS, batch);
    }
}
