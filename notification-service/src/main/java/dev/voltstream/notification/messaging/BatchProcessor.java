package dev.voltstream.notification.messaging;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.kit.consumer.BatchConsumer;
import dev.voltstream.kit.consumer.EventRoutes;
import dev.voltstream.notification.service.EventOutcome;
import dev.voltstream.notification.service.LiveFeed;
import dev.voltstream.notification.service.NotificationRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Processes one consumed batch of a topic through the kit's {@link BatchConsumer}: the four event types this service
 * handles are read (every required field present, {@link EventReader#requireFields}) and recorded in one transaction
 * ({@link NotificationRecorder#record}); after the commit the outcomes are pushed live and counted, the poison records
 * dead-lettered to {@code <topic>.dlq} one by one and the batch acknowledged.
 */
@ApplicationScoped
public class BatchProcessor {
    private final BatchConsumer consumer;
    private final NotificationRecorder recorder;
    private final LiveFeed liveFeed;
    private final EventCounters counters;
    private final Map<String, EventRoutes> routes = new ConcurrentHashMap<>();

    BatchProcessor(BatchConsumer consumer, NotificationRecorder recorder, LiveFeed liveFeed, EventCounters counters) {
        this.consumer = consumer;
        this.recorder = recorder;
        this.liveFeed = liveFeed;
        this.counters = counters;
    }

    /** Processes the batch of a topic; completes once it is acknowledged (never when left for redelivery). */
    public CompletionStage<Void> process(String topic, Message<List<String>> batch) {
        return consumer.consume(batch, routes.computeIfAbsent(topic, BatchProcessor::routes), recorder::record,
                this::committed);
    }

    private void committed(List<EventOutcome> outcomes) {
        liveFeed.publish(outcomes);
        counters.created(outcomes);
    }

    /** Every topic may carry any of the four handled types (a notification does not depend on the topic). */
    private static EventRoutes routes(String topic) {
        return EventRoutes.on(topic)
                .handle(EventTypes.BALANCE_CHANGED, BalanceChanged.class, EventReader::requireFields)
                .handle(EventTypes.FRAUD_ALERT, FraudAlert.class, EventReader::requireFields)
                .handle(EventTypes.INVOICE_ISSUED, InvoiceIssued.class, EventReader::requireFields)
                .handle(EventTypes.STATION_STATUS_CHANGED, StationStatusChanged.class, EventReader::requireFields);
    }
}
