package dev.voltstream.notification.service;

import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.StationStatusChanged;
import dev.voltstream.contracts.Topics;
import dev.voltstream.notification.config.NotificationConfig;
import dev.voltstream.notification.domain.Notification;
import dev.voltstream.notification.domain.ProcessedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies a batch of consumed events in one transaction, in their order: marks their ids processed (one statement),
 * stores the notifications they call for (inserted with JDBC batches) and, for station events, the stations' new
 * states. An event whose id was processed before — in an earlier batch or earlier in this one — changes nothing.
 */
@ApplicationScoped
public class NotificationRecorder {
    /** The topic each handled event class is consumed from (stored with its processed id). */
    private static final Map<Class<? extends Event>, String> TOPICS = Map.of(
            BalanceChanged.class, Topics.ACCOUNT_UPDATES,
            FraudAlert.class, Topics.FRAUD_ALERTS,
            InvoiceIssued.class, Topics.INVOICES,
            StationStatusChanged.class, Topics.STATION_STATUS);

    private final NotificationRules rules;
    private final String schema;

    NotificationRecorder(NotificationConfig config,
                         @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.rules = new NotificationRules(config.lowBalance());
        this.schema = schema;
    }

    /**
     * Records the events (BalanceChanged, FraudAlert, InvoiceIssued, StationStatusChanged) and returns, for each in
     * the same order, what it changed. BALANCE_CHANGED (+ LOW_BALANCE on a dip), FRAUD_ALERT and INVOICE_ISSUED come
     * from the event alone; a station event updates the station unless it is older than its stored status and
     * notifies the watchers with STATION_AVAILABLE when the station just became free.
     */
    @Transactional
    public List<EventOutcome> record(List<? extends Event> events) {
        Map<String, String> topicByEventId = new LinkedHashMap<>();
        List<String> stationIds = new ArrayList<>();
        for (Event event : events) {
            topicByEventId.putIfAbsent(event.eventId(), topicOf(event));
            if (event instanceof StationStatusChanged s) {
                stationIds.add(s.stationId());
            }
        }
        Set<String> fresh = ProcessedEvent.markProcessed(schema, topicByEventId);
        StationBoard board = stationIds.isEmpty() ? null : StationBoard.load(stationIds);
        List<Applied> applied = new ArrayList<>(events.size());
        for (Event event : events) {
            // removing the id makes a second copy of the event later in this batch a duplicate as well
            applied.add(fresh.remove(event.eventId()) ? apply(event, board) : null);
        }
        // created_at is when the batch is about to commit (infra/load measures end-to-end latency with it)
        Instant now = Instant.now();
        return applied.stream().map(a -> a == null ? EventOutcome.DUPLICATE : a.store(now)).toList();
    }

    /** What one new event calls for, before its notifications are stored. */
    private record Applied(String eventId, List<NotificationDraft> drafts, Optional<StationView> station) {
        EventOutcome store(Instant now) {
            return new EventOutcome(false, NotificationRecorder.store(eventId, drafts, now), station);
        }
    }

    private Applied apply(Event event, StationBoard board) {
        if (event instanceof BalanceChanged e) {
            return new Applied(e.eventId(), rules.forBalanceChanged(e), Optional.empty());
        }
        if (event instanceof FraudAlert e) {
            return new Applied(e.eventId(), rules.forFraudAlert(e), Optional.empty());
        }
        if (event instanceof InvoiceIssued e) {
            return new Applied(e.eventId(), rules.forInvoice(e), Optional.empty());
        }
        StationStatusChanged e = (StationStatusChanged) event; // topicOf admitted only the four handled classes
        StationBoard.Change change = board.apply(e);
        if (change == null) {
            return new Applied(e.eventId(), List.of(), Optional.empty());
        }
        return new Applied(e.eventId(), rules.forStationAvailable(e, change.watchersToNotify()),
                Optional.of(change.station()));
    }

    private static String topicOf(Event event) {
        String topic = TOPICS.get(event.getClass());
        if (topic == null) {
            throw new IllegalArgumentException("not an event this service handles: " + event.getClass().getName());
        }
        return topic;
    }

    /** Persists the drafts; their ids come from the pooled sequence, the INSERTs are batched at commit. */
    private static List<NotificationView> store(String sourceEventId, List<NotificationDraft> drafts, Instant now) {
        return drafts.stream().map(draft -> {
            Notification n = new Notification();
            n.accountId = draft.accountId();
            n.kind = draft.kind();
            n.sourceEventId = sourceEventId;
            n.subjectId = draft.subjectId();
            n.title = clip(draft.title(), 200);
            n.message = clip(draft.message(), 1000);
            n.occurredAt = draft.occurredAt();
            n.createdAt = now;
            n.persist();
            return NotificationView.of(n);
        }).toList();
    }

    /** Column widths: a long fraud-alert detail must not make the record unprocessable. */
    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
