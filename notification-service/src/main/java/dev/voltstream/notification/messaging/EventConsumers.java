package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The four consumed topics, each consumed in batches ({@code batch=true}: up to {@code max.poll.records} records per
 * poll). Each method takes the whole batch message (for the records' CloudEvents metadata) and returns when it is
 * acked; SmallRye processes one batch per channel copy at a time, so each partition stays in order.
 */
@ApplicationScoped
public class EventConsumers {
    private final BatchProcessor processor;

    EventConsumers(BatchProcessor processor) {
        this.processor = processor;
    }

    /** BalanceChanged → BALANCE_CHANGED (+ LOW_BALANCE). */
    @Incoming(Channels.ACCOUNT_UPDATES)
    public Uni<Void> onAccountUpdates(Message<List<String>> batch) {
        return processor.process(Topics.ACCOUNT_UPDATES, RecordBatch.of(batch));
    }

    /** FraudAlert → FRAUD_ALERT. */
    @Incoming(Channels.FRAUD_ALERTS)
    public Uni<Void> onFraudAlerts(Message<List<String>> batch) {
        return processor.process(Topics.FRAUD_ALERTS, RecordBatch.of(batch));
    }

    /** InvoiceIssued → INVOICE_ISSUED. */
    @Incoming(Channels.INVOICES)
    public Uni<Void> onInvoices(Message<List<String>> batch) {
        return processor.process(Topics.INVOICES, RecordBatch.of(batch));
    }

    /** StationStatusChanged → station board, STATION_AVAILABLE to watchers. */
    @Incoming(Channels.STATION_STATUS)
    public Uni<Void> onStationStatus(Message<List<String>> batch) {
        return processor.process(Topics.STATION_STATUS, RecordBatch.of(batch));
    }
}
